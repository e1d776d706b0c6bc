package dev.quiesce.agent.unload;

import dev.quiesce.Blocker;
import dev.quiesce.ModuleListener;
import dev.quiesce.ModuleState;
import dev.quiesce.Outcome;
import dev.quiesce.UnloadRefusedException;
import dev.quiesce.UnloadReport;
import dev.quiesce.agent.leaks.LeakScan;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The unload protocol. {@link #unload}:
 * <ol>
 * <li>refuse, changing nothing, an unknown module, an unload while the agent is still attaching or still
 *     retransforming the classes the module's loader defined before it became a module (that retransformation,
 *     which takes milliseconds, is waited for first, up to the drain timeout), a module another
 *     unload is still running for (until that one has completely finished, {@code @OnResume} hooks included), an
 *     unload from a thread inside the module, counted or in a call that started uncounted (it would wait for
 *     itself), and a module with a class that could not be instrumented (calls into it are not counted);</li>
 * <li>set dying: new calls are refused from here on (the gate's Dekker pair);</li>
 * <li>tell listeners and run {@code @OnDrain} hooks, so the module can stop its own threads;</li>
 * <li>sum exits then entrances and wait, woken by exits, up to the timeout; for a module with classes that ran
 *     before they were rewritten (loaded before an attach, or before the loader's first {@code @Unloadable} class),
 *     then also wait, by the same deadline, for the calls that started uncounted in them ({@link UncountedCalls});
 *     an interrupt of the unloading thread ends the wait like the timeout, and its interrupt status is kept;</li>
 * <li>on timeout or interrupt: clear dying, run {@code @OnResume} hooks, tell listeners ({@code resumed}), report
 *     the threads still inside: the module is {@code ACTIVE} and untouched;</li>
 * <li>once drained: run {@code @OnUnload} hooks, then the host's teardown if it registered one ({@link #onTearDown}),
 *     counted in, tell listeners, drop the agent's references, apply the safe leak fixes (unless
 *     {@code fix-leaks=false}), and verify that the loader is collected; if it is not, scan for what holds it
 *     ({@link LeakScan}).</li>
 * </ol>
 * {@link #beginTearDown} stops in step 6's teardown, after the hooks, with the calling thread counted in; the host
 * runs its own teardown code and ends it ({@link OpenTeardown#end}); {@link #tearDown} is the two parts around one
 * action; {@link #checkCollected} does the rest, for a host whose framework holds the loader until it unloads it.
 * The steps after the first are {@link UnloadRun}'s. Whatever a hook, listener or observer throws is reported, never
 * fatal, and the module always ends {@code ACTIVE} or unloaded (see {@link UnloadRun} and {@link Problems} for what
 * is rethrown). Each step is also told to the {@link UnloadEvents} observers (JMX notifications, Flight Recorder).
 * Unloads of different modules may run concurrently; unloads of one module run strictly one after another.
 */
public final class Unloader {

    private final ModuleRegistry registry;
    private final Settings settings;
    private final List<ModuleListener> listeners = new CopyOnWriteArrayList<>();
    private final List<UnloadEvents> observers = new CopyOnWriteArrayList<>();
    /** Modules an unload is running for, from its start to its very end; guarded by the registry's lock. */
    private final Set<UnloadableModule> unloading = new HashSet<>();
    /** Modules torn down by {@link #beginTearDown}, by id, until {@link #checkCollected}; their runs hold no loader. */
    private final Map<String, UnloadRun> awaitingCheck = new ConcurrentHashMap<>();

    public Unloader(ModuleRegistry registry, Settings settings) {
        this.registry = registry;
        this.settings = settings;
    }

    public void addListener(ModuleListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ModuleListener listener) {
        listeners.remove(listener);
    }

    public void addObserver(UnloadEvents observer) {
        observers.add(observer);
    }

    /**
     * Unloads a module; see the class comment for the steps. The module is claimed from the start of the drain to
     * the end of the report, so a second unload of it meanwhile is refused ({@code RefusalTest}).
     *
     * @throws UnloadRefusedException if the unload cannot start; nothing was changed then
     */
    public UnloadReport unload(String id, Duration drainTimeout) {
        awaitDiscovery(id, drainTimeout);
        UnloadableModule module = startDrain(id);
        try {
            return new UnloadRun(module, saturatedNanos(drainTimeout), registry, settings, listeners, observers).run();
        } finally {
            synchronized (registry) {
                unloading.remove(module);
            }
        }
    }

    /**
     * Registers the host's teardown of a live module, which {@link #unload} runs (not {@link #tearDown} nor
     * {@link #beginTearDown}, which bring their own). Under the registry's lock, with the checks of
     * {@link #startDrain}: so either an unload claimed the module before (refused here) or it starts after and sees
     * the teardown. Proved by {@code HostTeardownTest}.
     *
     * @throws IllegalArgumentException if there is no such live module
     * @throws IllegalStateException    if it has a teardown already, or an unload of it has started
     */
    public void onTearDown(String id, Runnable teardown) {
        synchronized (registry) {
            UnloadableModule module = registry.live(id).orElseThrow(() -> new IllegalArgumentException(
                    "cannot register a teardown: " + unknown(id).getMessage() + ". Register it right after"
                    + " Quiesce.guard returned the module's id"));
            if (unloading.contains(module) || module.gate().state() != ModuleState.ACTIVE) {
                throw new IllegalStateException("cannot register a teardown for module '" + id + "': it is already"
                        + " being unloaded (" + module.gate().state() + "). Register it right after Quiesce.guard");
            }
            if (!module.setHostTeardown(teardown)) {
                throw new IllegalStateException("module '" + id + "' already has a teardown registered, which is"
                        + " kept: register one per module (each generation of a name is a new module)");
            }
        }
    }

    /**
     * Drains and tears down a module as {@link #unload} does, running {@code hostTeardown} counted in after the
     * {@code @OnUnload} hooks, and stops before the leak fixes and the collection check: the report is
     * {@code TORN_DOWN} (or {@code TIMED_OUT}, with nothing torn down). {@link #checkCollected} finishes the unload.
     *
     * @throws UnloadRefusedException if the unload cannot start; nothing was changed then
     */
    public UnloadReport tearDown(String id, Duration drainTimeout, Runnable hostTeardown) {
        OpenTeardown teardown = beginTearDown(id, drainTimeout);
        UnloadReport report;
        try {
            if (teardown.drained()) {
                teardown.runCountedIn(hostTeardown);
            }
        } finally {
            report = teardown.end();
        }
        return report;
    }

    /**
     * Drains as {@link #unload} does, runs the {@code @OnUnload} hooks and returns with the calling thread counted
     * in; {@link OpenTeardown#end} finishes the teardown ({@code TORN_DOWN}) and leaves the run waiting for
     * {@link #checkCollected}. The module stays claimed until the end (or a timed-out or failed begin), so no other
     * unload of it starts meanwhile.
     *
     * @throws UnloadRefusedException if the unload cannot start; nothing was changed then
     */
    public OpenTeardown beginTearDown(String id, Duration drainTimeout) {
        awaitDiscovery(id, drainTimeout);
        UnloadableModule module = startDrain(id);
        Runnable release = () -> {
            synchronized (registry) {
                unloading.remove(module);
            }
        };
        UnloadReport timedOut;
        UnloadRun run;
        try {
            run = new UnloadRun(module, saturatedNanos(drainTimeout), registry, settings, listeners, observers);
            timedOut = run.runToTeardownBegun();
        } catch (Throwable e) {
            release.run();
            throw e;
        }
        if (timedOut != null) {
            release.run();
            return OpenTeardown.timedOut(timedOut);
        }
        return new OpenTeardown(run, () -> awaitingCheck.put(id, run), release);
    }

    /**
     * Finishes the unload of a module {@link #tearDown torn down} before: leak fixes, collection check, leak scan.
     * Once per teardown.
     *
     * @throws UnloadRefusedException if no module of this id is torn down and waiting for the check
     */
    public UnloadReport checkCollected(String id) {
        UnloadRun run = awaitingCheck.remove(id);
        if (run == null) {
            throw new UnloadRefusedException("module '" + id + "' is not waiting for a collection check: only a module"
                    + " torn down by Quiesce.tearDown or beginTearDown is, once" + (awaitingCheck.isEmpty() ? ""
                    : "; waiting: " + String.join(", ", awaitingCheck.keySet())));
        }
        return run.runCollectionCheck();
    }

    /**
     * The threads inside a live module now, each with its stack, and the tasks it handed to an executor that have
     * not started: what an unload waits for.
     *
     * @throws UnloadRefusedException if there is no such live module
     */
    public List<Blocker> blockersInside(String id) {
        return blockersInside(registry.live(id).orElseThrow(() -> unknown(id)));
    }

    static List<Blocker> blockersInside(UnloadableModule module) {
        List<Thread> counted = module.gate().threadsInside();
        UncountedCalls uncounted = module.uncountedCalls();
        List<Thread> notCounted = uncounted == null ? List.of() : uncounted.threadsInside(new HashSet<>(counted));
        List<Thread> carriedThreads = module.gate().carriedThreads(); // before the count that includes them
        return Blockers.describe(counted, notCounted, module.gate().counts().carried(), carriedThreads,
                module.gate().virtualThreadCallsInside(), module.id());
    }

    /**
     * The checks that refuse an unload, in order, then the claim on the module, all under the registry's lock; the
     * drain itself begins in {@link UnloadRun}, once nothing can fail between it and the steps' rollback.
     */
    private UnloadableModule startDrain(String id) {
        synchronized (registry) {
            refuseWhileAttaching(id);
            UnloadableModule module = registry.live(id).orElseThrow(() -> unknown(id));
            refuseWhileDiscovering(module);
            refuseIfUnloading(module);
            refuseFromInside(module);
            module.uninstrumented.refuseUnload(id);
            unloading.add(module);
            return module;
        }
    }

    private void refuseWhileAttaching(String id) {
        if (registry.attaching()) {
            throw new UnloadRefusedException("unload of module '" + id + "' refused: the agent is still attaching"
                    + " (retransforming the classes loaded before it), so the calls that started before the attach"
                    + " are not known yet; try again once the attach has finished");
        }
    }

    /**
     * A module found as its first {@code @Unloadable} class loaded has its loader's earlier classes retransformed
     * right after: an unload requested meanwhile (a host that loads a plugin and unloads it at once) waits for that,
     * outside the registry's lock, up to the drain timeout; {@link #refuseWhileDiscovering} refuses it if it is
     * still running then. An unknown id is left for {@link #startDrain} to refuse.
     */
    private void awaitDiscovery(String id, Duration drainTimeout) {
        registry.live(id).ifPresent(module -> module.awaitDiscovery(saturatedNanos(drainTimeout)));
    }

    private static void refuseWhileDiscovering(UnloadableModule module) {
        if (module.discovering()) {
            throw new UnloadRefusedException("unload of module '" + module.id() + "' refused: the agent is still"
                    + " retransforming the classes its class loader defined before the module's first @Unloadable"
                    + " class, so calls into them are not all known yet, and that did not finish within the drain"
                    + " timeout; try again once it has finished");
        }
    }

    private void refuseIfUnloading(UnloadableModule module) {
        ModuleState state = module.gate().state();
        if (state != ModuleState.ACTIVE) {
            throw new UnloadRefusedException("module '" + module.id() + "' is already " + state
                    + ": another unload is in progress; wait for its report");
        }
        if (unloading.contains(module)) {
            throw new UnloadRefusedException("module '" + module.id() + "' is still being unloaded (it is ACTIVE:"
                    + " that unload's drain is starting, or timed out and its @OnResume hooks are running): another"
                    + " unload is in progress; wait for its report");
        }
    }

    private void refuseFromInside(UnloadableModule module) {
        UncountedCalls uncounted = module.uncountedCalls();
        ClassLoader loader = uncounted == null ? null : module.loader();
        if (module.gate().currentThreadInside() || loader != null && uncounted.currentThreadInside(loader)) {
            throw new UnloadRefusedException("unload of module '" + module.id() + "' refused: the calling thread \""
                    + Thread.currentThread().getName() + "\" is inside the module and would wait for itself;"
                    + " request the unload from a thread outside the module");
        }
    }

    private UnloadRefusedException unknown(String id) {
        if (registry.wasUnloaded(id)) {
            return new UnloadRefusedException("module '" + id + "' is already unloaded");
        }
        List<String> known = registry.liveIds();
        return new UnloadRefusedException("no module named '" + id + "'; "
                + (known.isEmpty() ? "no module has been loaded yet (a module is a class loader with an"
                        + " @Unloadable or guard= class, other than the boot, platform and application loaders)"
                        : "known modules: " + String.join(", ", known)));
    }

    static UnloadReport log(UnloadReport report) {
        boolean normal = report.outcome() == Outcome.COLLECTED || report.outcome() == Outcome.TORN_DOWN;
        System.Logger.Level level = normal && report.problems().isEmpty()
                && report.fixes().isEmpty() ? System.Logger.Level.INFO : System.Logger.Level.WARNING;
        StringBuilder text = new StringBuilder("quiesce: ").append(report.summary());
        report.blockers().forEach(b -> text.append('\n').append(b.text()));
        AgentLog.LOG.log(level, text.toString());
        return report;
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }
}
