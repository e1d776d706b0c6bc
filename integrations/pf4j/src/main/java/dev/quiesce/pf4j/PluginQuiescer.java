package dev.quiesce.pf4j;

import dev.quiesce.Blocker;
import dev.quiesce.ModuleInfo;
import dev.quiesce.ModuleState;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quiesce's half of a PF4J plugin manager: each plugin's class loader is a module named after the plugin; a stop
 * refuses new calls into the plugin, drains the calls in flight and runs PF4J's own stop (and so
 * {@code Plugin.stop()}) with no call inside; an unload then checks that the loader was collected and keeps the
 * report. An unload the agent starts (the CLI's {@code unload}) runs the plugin's stop and PF4J's unload as the
 * module's registered teardown ({@link #unloadForAgent}). {@link QuiescePluginManager} wires it into
 * {@code DefaultPluginManager}; any other {@code AbstractPluginManager} subclass gets the same with the same seven
 * one-line overrides (see the README).
 *
 * <p>Each method takes PF4J's own step as a function (the subclass passes {@code super::...}), so PF4J keeps its
 * state itself: this class adds the drain before PF4J's stop and the collection check after PF4J's unload.
 */
public final class PluginQuiescer {
    /** PF4J's {@code stopPlugin(String, boolean)}. */
    @FunctionalInterface
    public interface FrameworkStop {
        PluginState stopPlugin(String pluginId, boolean stopDependents);
    }

    /** PF4J's {@code unloadPlugin(String, boolean, boolean)}. */
    @FunctionalInterface
    public interface FrameworkUnload {
        boolean unloadPlugin(String pluginId, boolean unloadDependents, boolean resolveDependencies);
    }

    private static final Logger LOG = LoggerFactory.getLogger(PluginQuiescer.class);
    private static final int KEPT_REPORTS = 64;

    private final PluginManager manager;
    private volatile Duration drainTimeout = Duration.ofSeconds(30);
    /** Plugin id to the module id of its current class loader. */
    private final Map<String, String> moduleOfPlugin = new ConcurrentHashMap<>();
    /** Plugins whose current generation was torn down by a stop: a start loads them again. */
    private final Set<String> tornDown = ConcurrentHashMap.newKeySet();
    private final Deque<UnloadReport> reports = new ArrayDeque<>();
    /** Modules this quiescer is tearing down now: their unload is its own. */
    private final Set<String> ownTeardowns = ConcurrentHashMap.newKeySet();
    /** Modules unloaded outside the manager: the agent's unload checks their collection, not this class. */
    private final Set<String> unloadedElsewhere = ConcurrentHashMap.newKeySet();
    /**
     * Modules the agent is unloading now, running their {@link PluginTeardown}: drained already, so their stop runs
     * without a drain of its own; each with the first failure of that stop and unload, for the agent's report.
     */
    private final Map<String, AtomicReference<Throwable>> agentUnloads = new ConcurrentHashMap<>();

    /**
     * @throws IllegalStateException if the Quiesce agent is not installed in this JVM
     */
    public PluginQuiescer(PluginManager manager) {
        this.manager = Objects.requireNonNull(manager, "manager");
        if (!Quiesce.isInstalled()) {
            throw new IllegalStateException("a Quiesce plugin manager needs the Quiesce agent in this JVM: start it"
                    + " with -javaagent:/path/to/quiesce-agent.jar, or use PF4J's own manager without Quiesce");
        }
        UnloadedElsewhere.register(this);
    }

    /** How long a stop waits for the calls inside a plugin; 30 s unless set. */
    public Duration drainTimeout() {
        return drainTimeout;
    }

    /** @throws IllegalArgumentException if the timeout is negative */
    public void setDrainTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("the drain timeout must be zero or positive, was " + timeout);
        }
        drainTimeout = timeout;
    }

    /** The Quiesce module of a loaded plugin's current class loader ({@code greeter}, {@code greeter#2}, ...). */
    public Optional<String> moduleOf(String pluginId) {
        return Optional.ofNullable(moduleOfPlugin.get(pluginId));
    }

    /** The latest report (stop or unload) of a plugin, if it has one. */
    public Optional<UnloadReport> report(String pluginId) {
        synchronized (reports) {
            return reports.stream().filter(r -> pluginIdOf(r.module()).equals(pluginId)).findFirst();
        }
    }

    /** The latest reports, newest first: stops that timed out or tore down, and unloads' collection checks. */
    public List<UnloadReport> reports() {
        synchronized (reports) {
            return List.copyOf(reports);
        }
    }

    /**
     * Makes a new plugin class loader a module named after the plugin, before any of its classes loads, and registers
     * the plugin's stop and unload as the module's teardown, for an unload the agent starts (the CLI's
     * {@code unload}; see {@link #unloadForAgent}). Call it from {@code createPluginWrapper}; returns the loader.
     */
    public ClassLoader guard(PluginDescriptor descriptor, ClassLoader loader) {
        String pluginId = descriptor.getPluginId();
        String module = Quiesce.guard(loader, pluginId);
        Quiesce.onTearDown(module, new PluginTeardown(this, pluginId, module));
        moduleOfPlugin.put(pluginId, module);
        tornDown.remove(pluginId);
        return loader;
    }

    /**
     * Stops a plugin: for a started one, stops its dependents first (each the same way), then refuses new calls
     * into it, waits up to the drain timeout for the calls inside, and runs PF4J's stop with no call inside. A drain
     * that times out (or a dependent that does) leaves the plugin {@code STARTED} and serving, returns
     * {@code STARTED}, and logs the threads inside with their stacks. A plugin that is not started is left to PF4J.
     *
     * @throws UnknownPluginException if no such plugin is loaded
     */
    public PluginState stopPlugin(String pluginId, boolean stopDependents, FrameworkStop frameworkStop) {
        if (requirePlugin(pluginId).getPluginState() != PluginState.STARTED) {
            return frameworkStop.stopPlugin(pluginId, stopDependents);
        }
        if (stopDependents) {
            for (String dependent : dependentsFirst(pluginId)) {
                if (isStarted(dependent) && stopPlugin(dependent, false, frameworkStop).isStarted()) {
                    LOG.warn("Plugin '{}' stays STARTED: its dependent '{}' is still STARTED (its drain timed out)",
                            pluginId, dependent);
                    return PluginState.STARTED;
                }
            }
        }
        String module = moduleOfPlugin.get(pluginId);
        if (module == null) {
            LOG.warn("Plugin '{}' was loaded before Quiesce guarded it: it is stopped without a drain", pluginId);
            return frameworkStop.stopPlugin(pluginId, false);
        }
        AtomicReference<Throwable> agentUnload = agentUnloads.get(module);
        if (agentUnload != null) {
            return stopDrained(pluginId, frameworkStop, agentUnload);
        }
        return drainAndStop(pluginId, module, frameworkStop);
    }

    /**
     * PF4J's stop of a plugin the agent has drained and counts this thread in for ({@link #unloadForAgent}): no
     * drain of its own (the module refuses a second one). A stop that threw or failed is kept for the agent's report.
     */
    private PluginState stopDrained(String pluginId, FrameworkStop frameworkStop, AtomicReference<Throwable> failure) {
        AtomicReference<PluginState> stopped = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        stopCountedIn(pluginId, frameworkStop, stopped, thrown);
        tornDown.add(pluginId);
        if (thrown.get() != null) {
            failure.compareAndSet(null, thrown.get());
            return markFailed(pluginId, thrown.get());
        }
        if (stopped.get() == PluginState.FAILED) {
            failure.compareAndSet(null, requirePlugin(pluginId).getFailedException());
        }
        return stopped.get();
    }

    /** PF4J's stop, from a thread counted in as the module's teardown; what it throws past PF4J goes to thrown. */
    private static void stopCountedIn(String pluginId, FrameworkStop frameworkStop,
                                      AtomicReference<PluginState> stopped, AtomicReference<Throwable> thrown) {
        try {
            stopped.set(frameworkStop.stopPlugin(pluginId, false));
        } catch (RuntimeException | LinkageError e) {
            thrown.set(e);
        }
    }

    /** The drain, then PF4J's stop as the module's teardown, counted in; see {@link #stopPlugin}. */
    private PluginState drainAndStop(String pluginId, String module, FrameworkStop frameworkStop) {
        AtomicReference<PluginState> stopped = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        UnloadReport report = tearDown(module, () -> stopCountedIn(pluginId, frameworkStop, stopped, thrown));
        keep(report);
        if (report.outcome() == Outcome.TIMED_OUT) {
            LOG.warn("Plugin '{}' not stopped: {} thread(s) or task group(s) still inside after {} ms; it stays"
                    + " STARTED and serving. Threads inside:\n{}", pluginId, report.blockers().size(),
                    report.drainMillis(), blockersText(report));
            return requirePlugin(pluginId).getPluginState();
        }
        tornDown.add(pluginId);
        if (thrown.get() != null) {
            return markFailed(pluginId, thrown.get());
        }
        LOG.info("Plugin '{}' stopped with no call inside: {}", pluginId, report.summary());
        return stopped.get();
    }

    /** A stop that threw past PF4J's own handling: the plugin is FAILED, and its calls are refused for good. */
    private PluginState markFailed(String pluginId, Throwable failure) {
        PluginWrapper plugin = requirePlugin(pluginId);
        plugin.setPluginState(PluginState.FAILED);
        plugin.setFailedException(failure);
        manager.getStartedPlugins().remove(plugin);
        LOG.error("Plugin '{}': stop() threw, so it is FAILED; it was drained first and refuses calls for good."
                + " Unload it, or start it to load it again", pluginId, failure);
        return PluginState.FAILED;
    }

    /**
     * Unloads a plugin as PF4J does, dependents first (each the same way), then checks that its class loader was
     * collected and keeps the report ({@link #report}). A plugin whose drain times out, or whose dependent's does, is
     * not unloaded: false, and it stays as it was; but one the agent has torn down already ({@link #unloadForAgent})
     * is unloaded from PF4J whatever its dependents do, and without the collection check, which the agent's unload
     * makes.
     */
    public boolean unloadPlugin(String pluginId, boolean unloadDependents, boolean resolveDependencies,
                                FrameworkUnload frameworkUnload) {
        if (manager.getPlugin(pluginId) == null) {
            return frameworkUnload.unloadPlugin(pluginId, unloadDependents, resolveDependencies);
        }
        String module = moduleOfPlugin.get(pluginId);
        AtomicReference<Throwable> agentUnload = module == null ? null : agentUnloads.get(module);
        boolean dependentsGone = true;
        if (unloadDependents) {
            for (String dependent : dependentsFirst(pluginId)) {
                if (manager.getPlugin(dependent) != null
                        && !unloadPlugin(dependent, false, false, frameworkUnload)) {
                    if (agentUnload == null) {
                        LOG.warn("Plugin '{}' not unloaded: its dependent '{}' could not be", pluginId, dependent);
                        return false;
                    }
                    dependentsGone = false;
                    agentUnload.compareAndSet(null, new IllegalStateException("plugin '" + dependent + "', which"
                            + " depends on '" + pluginId + "', could not be unloaded first (see the log) and stays"
                            + " loaded; '" + pluginId + "' is unloaded anyway (its module is torn down)"));
                }
            }
        }
        if (module != null && !tearDownIfNeverStopped(pluginId, module)) {
            return false;
        }
        if (!frameworkUnload.unloadPlugin(pluginId, false, resolveDependencies && dependentsGone)) {
            return false;
        }
        moduleOfPlugin.remove(pluginId, module);
        tornDown.remove(pluginId);
        if (module != null && agentUnload == null && !unloadedElsewhere.remove(module)) {
            checkCollected(pluginId, module);
        }
        return true;
    }

    /**
     * The agent unloads a plugin's module on its own (the CLI's or the MXBean's {@code unload}, or
     * {@code Quiesce.unload}) and has drained it: this is the module's teardown ({@link PluginTeardown}), counted in
     * as a call inside it. Unloads the plugin through the manager as {@code unloadPlugin} does: its dependents first,
     * each drained and stopped, then {@code Plugin.stop()} of this one (its drain is done) and PF4J's unload, so that
     * PF4J drops the loader before the agent's collection check. A stop that failed, or a dependent that could not
     * be unloaded, is thrown from here, into the agent's report; the plugin is unloaded from PF4J anyway. Nothing
     * for a generation the manager no longer has.
     */
    void unloadForAgent(String pluginId, String module) {
        if (!module.equals(moduleOfPlugin.get(pluginId))) {
            return;
        }
        List<String> dependents = dependentsFirst(pluginId);
        if (!dependents.isEmpty()) {
            LOG.warn("Plugin '{}' is unloaded from outside its plugin manager, so it was drained before its"
                    + " dependents {}: their calls into it were refused since. They are unloaded first now; unload"
                    + " through the manager to drain them first", pluginId, dependents);
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        agentUnloads.put(module, failure);
        try {
            manager.unloadPlugin(pluginId);
        } finally {
            agentUnloads.remove(module);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("plugin '" + pluginId + "' is unloaded from PF4J, but: " + failure.get(),
                    failure.get());
        }
    }

    /** {@code Quiesce.tearDown} of one of this manager's modules, known as its own while it runs. */
    private UnloadReport tearDown(String module, Runnable teardown) {
        ownTeardowns.add(module);
        try {
            return Quiesce.tearDown(module, drainTimeout, teardown);
        } finally {
            ownTeardowns.remove(module);
        }
    }

    /**
     * A plugin's module was torn down outside the manager by a teardown other code brought ({@code Quiesce.tearDown}
     * of its module): it is drained and refuses calls, but {@code Plugin.stop()} could not run. Mark the plugin
     * STOPPED and unload it from PF4J (dependents first, each with a drain and its stop), so that PF4J drops the
     * loader before the collection check.
     */
    void unloadedElsewhere(String module) {
        String pluginId = pluginIdOf(module);
        if (ownTeardowns.contains(module) || !module.equals(moduleOfPlugin.get(pluginId))) {
            return;
        }
        LOG.warn("Plugin '{}' (module '{}') was torn down outside its plugin manager: its calls drained, but"
                + " Plugin.stop() did not run. The manager unloads it from PF4J now; stop and unload plugins through"
                + " the manager to run their stop()", pluginId, module);
        unloadedElsewhere.add(module);
        tornDown.add(pluginId);
        PluginWrapper plugin = manager.getPlugin(pluginId);
        if (plugin.getPluginState() == PluginState.STARTED) {
            plugin.setPluginState(PluginState.STOPPED);
            manager.getStartedPlugins().remove(plugin);
        }
        manager.unloadPlugin(pluginId);
    }

    /**
     * A plugin that is not started (never was, or failed to start) still has a live module: tear it down, with no
     * stop to run, so that calls are refused before PF4J drops it. A started one is torn down by PF4J's stop.
     */
    private boolean tearDownIfNeverStopped(String pluginId, String module) {
        boolean live = Quiesce.module(module).map(ModuleInfo::state).orElse(null) == ModuleState.ACTIVE;
        if (!live || isStarted(pluginId)) {
            return true;
        }
        UnloadReport report = tearDown(module, () -> { });
        keep(report);
        if (report.outcome() == Outcome.TIMED_OUT) {
            LOG.warn("Plugin '{}' not unloaded: {} thread(s) or task group(s) still inside it after {} ms. Threads"
                    + " inside:\n{}", pluginId, report.blockers().size(), report.drainMillis(), blockersText(report));
            return false;
        }
        return true;
    }

    /** The collection check, from a frame that holds nothing of the plugin. */
    private void checkCollected(String pluginId, String module) {
        UnloadReport report = Quiesce.checkCollected(module);
        keep(report);
        if (report.outcome() == Outcome.COLLECTED && report.problems().isEmpty()) {
            LOG.info("Plugin '{}' unloaded: {}", pluginId, report.summary());
        } else {
            LOG.warn("Plugin '{}' unloaded: {}", pluginId, report.summary());
        }
    }

    /**
     * Starts a plugin. One whose last stop tore it down (its old class loader refuses calls for good) is first
     * unloaded and loaded again from its path, as the next generation ({@code greeter#2}); then PF4J starts it.
     *
     * @throws UnknownPluginException if no such plugin is loaded
     */
    public PluginState startPlugin(String pluginId, Function<String, PluginState> frameworkStart,
                                   FrameworkUnload frameworkUnload) {
        requirePlugin(pluginId);
        if (tornDown.contains(pluginId)) {
            reload(pluginId, frameworkUnload);
        }
        return frameworkStart.apply(pluginId);
    }

    /** Loads again, as new generations, every plugin whose last stop tore it down; before PF4J's startPlugins. */
    public void reloadTornDown(FrameworkUnload frameworkUnload) {
        for (String pluginId : List.copyOf(tornDown)) {
            if (manager.getPlugin(pluginId) != null) {
                reload(pluginId, frameworkUnload);
            }
        }
    }

    /**
     * Stops every started plugin, dependents first, each with a drain: PF4J's stopPlugins, whose own loop would stop
     * without a drain. A plugin whose drain times out stays STARTED.
     */
    public void stopPlugins(FrameworkStop frameworkStop) {
        List<PluginWrapper> started = new ArrayList<>(manager.getStartedPlugins());
        Collections.reverse(started);
        for (PluginWrapper plugin : started) {
            if (plugin.getPluginState() == PluginState.STARTED) {
                stopPlugin(plugin.getPluginId(), true, frameworkStop);
            }
        }
    }

    private void reload(String pluginId, FrameworkUnload frameworkUnload) {
        Path path = requirePlugin(pluginId).getPluginPath();
        if (!unloadPlugin(pluginId, false, false, frameworkUnload)) {
            throw new PluginRuntimeException("Plugin '{}' cannot start: its stopped generation could not be unloaded"
                    + " before loading it again (see the log)", pluginId);
        }
        String loaded = manager.loadPlugin(path);
        LOG.info("Plugin '{}' loaded again from {} as module '{}'", loaded, path, moduleOfPlugin.get(loaded));
    }

    /** The plugins that depend on this one, deepest first: each dependent after its own dependents. */
    private List<String> dependentsFirst(String pluginId) {
        List<String> order = new ArrayList<>();
        addDependentsFirst(pluginId, order);
        return order;
    }

    private void addDependentsFirst(String pluginId, List<String> order) {
        for (PluginWrapper plugin : manager.getPlugins()) {
            String id = plugin.getPluginId();
            if (!order.contains(id) && dependsOn(plugin.getDescriptor(), pluginId)) {
                addDependentsFirst(id, order);
                if (!order.contains(id)) {
                    order.add(id);
                }
            }
        }
    }

    /** A timed-out report's blockers as an operator reads them: each headline, then its stack. */
    private static String blockersText(UnloadReport report) {
        return String.join("\n", report.blockers().stream().map(Blocker::text).toList());
    }

    private static boolean dependsOn(PluginDescriptor descriptor, String pluginId) {
        for (PluginDependency dependency : descriptor.getDependencies()) {
            if (dependency.getPluginId().equals(pluginId)) {
                return true;
            }
        }
        return false;
    }

    private boolean isStarted(String pluginId) {
        PluginWrapper plugin = manager.getPlugin(pluginId);
        return plugin != null && plugin.getPluginState() == PluginState.STARTED;
    }

    /**
     * The loaded plugin of this id.
     *
     * @throws UnknownPluginException if there is none
     */
    public PluginWrapper plugin(String pluginId) {
        return requirePlugin(pluginId);
    }

    private PluginWrapper requirePlugin(String pluginId) {
        PluginWrapper plugin = manager.getPlugin(pluginId);
        if (plugin == null) {
            throw new UnknownPluginException(pluginId, manager.getPlugins().stream()
                    .map(PluginWrapper::getPluginId).toList());
        }
        return plugin;
    }

    private void keep(UnloadReport report) {
        synchronized (reports) {
            reports.addFirst(report);
            while (reports.size() > KEPT_REPORTS) {
                reports.removeLast();
            }
        }
    }

    /** The plugin id of a module id: {@code greeter#2} is plugin {@code greeter}. */
    private static String pluginIdOf(String module) {
        int hash = module.lastIndexOf('#');
        return hash < 0 ? module : module.substring(0, hash);
    }
}
