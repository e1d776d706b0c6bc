package dev.quiesce.tomcat;

import dev.quiesce.ModuleListener;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.Teardown;
import dev.quiesce.UnloadReport;
import java.beans.PropertyChangeEvent;
import java.beans.PropertyChangeListener;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.apache.catalina.Context;
import org.apache.catalina.Host;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleListener;
import org.apache.catalina.Loader;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.loader.WebappLoader;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * Quiesce for one Tomcat context: its webapp class loader is a module (every class it defines, no annotation), named
 * after the context ({@code /shop}, then {@code /shop#2} for the next generation; the root context is {@code ROOT});
 * a reload, stop or undeploy first holds the requests that reach the context (a reload serves them from the next
 * generation; after a stop Tomcat answers them as for any context that is gone) and waits, up to
 * {@code drainTimeout}, for every request and every call inside the webapp; only then does Tomcat run
 * {@code destroy()}, {@code contextDestroyed} and the loader's stop, counted in as the module's teardown. After the
 * stop, the old loader is checked collected on a thread of its own and the report is logged ({@link #reports}).
 * A reload the listener starts, for a {@code reloadable} context whose classes changed or by {@link #reload}, and
 * every reload of a {@link QuiesceContext}, drains before Tomcat's reload begins, and {@code onTimeout=wait} puts it
 * off while calls are inside.
 *
 * <p>From Java: {@code context.addLifecycleListener(new QuiesceContextListener())}. From {@code context.xml}:
 * {@code <Listener className="dev.quiesce.tomcat.QuiesceContextListener" drainTimeout="30s" onTimeout="wait"/>}.
 * Bad attributes, or no Quiesce agent in the JVM, are logged as an error when the context starts, and the webapp
 * starts without Quiesce.
 *
 * <p>The stop is split across Tomcat's events: the drain in {@code before_stop}, before any of Tomcat's own
 * listeners tears anything down, ends with the stopping thread counted in ({@link Quiesce#beginTearDown}); Tomcat
 * stops the webapp on that thread; {@code after_stop} ends the teardown ({@link Teardown#end}).
 */
public final class QuiesceContextListener implements LifecycleListener {
    private static final Log LOG = LogFactory.getLog(QuiesceContextListener.class);
    private static final int KEPT_REPORTS = 64;

    private volatile String drainTimeout = ListenerSettings.DEFAULT_DRAIN_TIMEOUT;
    private volatile String onTimeout = ListenerSettings.DEFAULT_ON_TIMEOUT;
    private final ContextRequests requests = new ContextRequests();
    private final LifecycleListener loaderWatch = this::loaderEvent;
    private final PropertyChangeListener reloadableWatch = this::contextPropertyChange;
    private final Deque<UnloadReport> reports = new ArrayDeque<>();
    /** The settings checked at the last start; null while Quiesce is off for the context. */
    private volatile ListenerSettings settings;
    /** The module of the current generation, from the loader's start to the end of its stop. */
    private volatile String module;
    /** The module this listener's own stop is tearing down, from {@code before_stop} to {@code after_stop}. */
    private volatile String ownTeardown;
    /** The context, from its first start: for an unload from outside Tomcat ({@link #unloadedElsewhere}). */
    private volatile Context context;
    /** Hears an unload of the running generation from outside Tomcat (the CLI's): holds requests, stops the context. */
    private final ModuleListener elsewhere = new ModuleListener() {
        @Override
        public void draining(String unloading) {
            if (isElsewhere(unloading)) {
                requests.close();
            }
        }

        @Override
        public void resumed(String unloading) {
            if (isElsewhere(unloading)) {
                requests.open();
            }
        }

        @Override
        public void unloaded(String unloaded) {
            if (isElsewhere(unloaded)) {
                unloadedElsewhere(unloaded);
            }
        }
    };
    private boolean listening;
    /** Whether the context's own {@code reloadable} check is taken over ({@link #takeOverReloading}). */
    private volatile boolean reloadable;
    private boolean watchingReloadable;
    /**
     * A reload HostConfig started and Quiesce put off ({@link ReloadOrigin#HOST_CONFIG}): HostConfig has recorded the
     * changed resource as reloaded and will not call again, so the context's background check retries it
     * ({@link #periodicCheck}) until a stop (any) ends it.
     */
    private volatile boolean reloadKept;
    /**
     * The thread whose HostConfig check put the kept reload off, until its next periodic event: Tomcat's background
     * pass checks the host, then its contexts, on one thread, so that event belongs to the same pass and is skipped
     * (the drain just waited its {@code drainTimeout}); the next pass retries.
     */
    private volatile Thread keptBy;
    /** Where the settings were written, for the error about a bad one ({@link QuiesceContext} sets its own). */
    private volatile String configuredIn = "<Listener className=\"" + QuiesceContextListener.class.getName() + "\"/>";
    /** A stop whose drain {@link #reload} ran before it: its {@code before_stop} finds the teardown open. */
    private boolean drainedBeforeStop;
    /** The module whose unload from outside Tomcat runs its registered teardown, a stop, on the unloading thread. */
    private String unloadingTeardown;
    /** A stop's teardown, from {@code before_stop} to {@code after_stop}, on the stopping thread. */
    private Teardown open;
    /** A stop that went on at the timeout ({@code onTimeout=proceed}): the module is unloaded after it. */
    private boolean proceeded;
    /** A stop's class of the webapp, from {@code before_stop} to the loader's: to list its drivers from inside. */
    private Class<?> webappClass;
    /** A stop's JDBC drivers the webapp left registered, from the loader's {@code before_stop} to {@code after_stop}. */
    private List<String> forgottenDrivers = List.of();

    /** {@code drainTimeout="30s"}: how long a stop waits for the work inside; {@code 500ms}, {@code 30s}, {@code 2m}. */
    public void setDrainTimeout(String drainTimeout) {
        this.drainTimeout = drainTimeout;
    }

    public String getDrainTimeout() {
        return drainTimeout;
    }

    /** {@code onTimeout="wait"} (the default) or {@code "proceed"}; see {@link OnTimeout}. */
    public void setOnTimeout(String onTimeout) {
        this.onTimeout = onTimeout;
    }

    public String getOnTimeout() {
        return onTimeout;
    }

    /** The element the settings come from, as the error about a bad one names it. */
    void configuredIn(String element) {
        configuredIn = element;
    }

    /** The module of the running generation ({@code /shop#2}), if Quiesce guards it. */
    public Optional<String> module() {
        return Optional.ofNullable(module);
    }

    /** The latest reports, newest first: each stop's teardown, then its collection check. */
    public List<UnloadReport> reports() {
        synchronized (reports) {
            return List.copyOf(reports);
        }
    }

    @Override
    public void lifecycleEvent(LifecycleEvent event) {
        if (!(event.getLifecycle() instanceof Context context)) {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                LOG.error("QuiesceContextListener does nothing on " + event.getLifecycle() + ": it belongs in a"
                        + " <Context> (context.xml), or on a Context (context.addLifecycleListener)");
            }
            return;
        }
        switch (event.getType()) {
            case Lifecycle.BEFORE_START_EVENT -> beforeStart(context);
            case Lifecycle.BEFORE_STOP_EVENT -> beforeStop(context);
            case Lifecycle.AFTER_STOP_EVENT -> afterStop(context);
            case Lifecycle.PERIODIC_EVENT -> periodicCheck(context);
            case Lifecycle.AFTER_DESTROY_EVENT -> forget(context);
            default -> { }
        }
    }

    /**
     * Checks the settings, then makes sure the context has a loader whose start this listener hears (Tomcat creates
     * the same {@code WebappLoader} itself when there is none), and puts the host's {@link HoldingValve} in place.
     */
    private void beforeStart(Context context) {
        endUnfinishedStop(context);
        this.context = context;
        settings = configure(context);
        takeOverReloading(context);
        if (settings == null) {
            return;
        }
        if (context.getLoader() == null) {
            WebappLoader loader = new WebappLoader();
            loader.setDelegate(context instanceof StandardContext standard && standard.getDelegate());
            context.setLoader(loader);
        }
        if (!(context.getLoader() instanceof Lifecycle loader)) {
            settings = null;
            LOG.error("Quiesce is off for context " + describe(context) + ": its loader "
                    + context.getLoader().getClass().getName() + " has no lifecycle to hear its start from");
            return;
        }
        if (!Arrays.asList(loader.findLifecycleListeners()).contains(loaderWatch)) {
            loader.addLifecycleListener(loaderWatch);
        }
        if (context.getParent() instanceof Host host) {
            HoldingValve.of(host).watch(context, requests);
        }
    }

    private ListenerSettings configure(Context context) {
        if (!Quiesce.isInstalled()) {
            LOG.error("Quiesce is off for context " + describe(context) + ": the Quiesce agent is not in this JVM."
                    + " Start Tomcat with -javaagent:/path/to/quiesce-agent.jar (in CATALINA_OPTS). The webapp starts"
                    + " without it: its reloads and undeploys are Tomcat's own");
            return null;
        }
        try {
            return ListenerSettings.parse(drainTimeout, onTimeout);
        } catch (IllegalArgumentException e) {
            LOG.error("Quiesce is off for context " + describe(context) + ": " + e.getMessage() + " in "
                    + configuredIn + ". Fix the attribute and reload; the webapp starts without Quiesce meanwhile:"
                    + " its reloads and undeploys are Tomcat's own");
            return null;
        }
    }

    /**
     * The webapp loader has created its class loader and loaded no class of the webapp yet (Tomcat's
     * {@code WebappLoader.startInternal} fires {@code start} right after creating it; the context's configuration,
     * which loads the webapp's initializers, comes after): make it a module. {@code GuardedWebappTest} shows the
     * webapp's servlet counted.
     */
    private void loaderEvent(LifecycleEvent event) {
        if (Lifecycle.BEFORE_STOP_EVENT.equals(event.getType())) {
            forgottenDrivers = forgottenDrivers();
            return;
        }
        if (!Lifecycle.START_EVENT.equals(event.getType()) || settings == null) {
            return;
        }
        Loader loader = (Loader) event.getLifecycle();
        ClassLoader classLoader = loader.getClassLoader();
        Context context = loader.getContext();
        if (classLoader == null || context == null) {
            return;
        }
        try {
            module = Quiesce.guard(classLoader, moduleName(context));
            String guarded = module;
            Quiesce.onTearDown(guarded, () -> stopForUnload(guarded));
            listenForUnloadsElsewhere();
            LOG.info("Quiesce guards context " + describe(context) + " as module '" + module + "'");
        } catch (RuntimeException e) {
            module = null;
            LOG.error("Quiesce is off for this generation of context " + describe(context) + ": " + e.getMessage(), e);
        }
    }

    /**
     * A {@code reloadable} context's check of its classes, taken over from Tomcat's {@code WebappLoader}, whose own
     * check reloads at once and leaves only a stop to drain in (which cannot be called off): while Quiesce guards the
     * context, the listener keeps the context's flag off (so {@code context.getReloadable()} reads false) and runs
     * the same check ({@link Loader#modified}) on Tomcat's background thread, in the context's periodic event,
     * reloading through {@link #reload}. Set the flag again (JMX) and the listener takes it over again. With Quiesce
     * off for the context (bad attributes, no agent), the flag is given back to Tomcat.
     */
    private void takeOverReloading(Context context) {
        synchronized (this) {
            if (!watchingReloadable) {
                context.addPropertyChangeListener(reloadableWatch);
                watchingReloadable = true;
            }
        }
        if (settings == null) {
            if (reloadable) {
                reloadable = false;
                context.setReloadable(true);
            }
        } else if (context.getReloadable()) {
            reloadable = true;
            context.setReloadable(false);
        }
    }

    private void contextPropertyChange(PropertyChangeEvent event) {
        if ("reloadable".equals(event.getPropertyName()) && Boolean.TRUE.equals(event.getNewValue())
                && settings != null && event.getSource() instanceof Context changed) {
            reloadable = true;
            changed.setReloadable(false);
        }
    }

    /**
     * The context's background check, on Tomcat's background thread: a reloadable context's check of its classes,
     * as {@code WebappLoader} runs it, and the retry of a reload HostConfig started and Quiesce put off
     * ({@link #reloadKept}), but not in the same background pass as HostConfig's check ({@link #keptBy}).
     * {@code ReloadableContextTest}, {@code HostConfigReloadTest}.
     */
    private void periodicCheck(Context context) {
        Thread thread = Thread.currentThread();
        boolean kept = reloadKept;
        if (kept && keptBy == thread) {
            keptBy = null;
            kept = false;
        }
        Loader loader = context.getLoader();
        boolean changed = reloadable && settings != null && loader != null && loader.modified();
        if (!changed && !kept) {
            return;
        }
        ClassLoader bound = thread.getContextClassLoader();
        thread.setContextClassLoader(QuiesceContextListener.class.getClassLoader());
        try {
            reload(changed ? ReloadOrigin.RELOADABLE_CHECK : ReloadOrigin.KEPT_RELOAD);
        } finally {
            thread.setContextClassLoader(bound);
        }
    }

    /**
     * Reloads the context once the work inside has left, or puts the reload off: for hosts that reload a webapp
     * themselves (on a plain {@code StandardContext}, Tomcat's own {@code context.reload()} can only wait in its
     * stop, which nothing calls off; a {@link QuiesceContext}'s comes here). With {@code onTimeout=wait}: holds new
     * requests and drains the webapp, one {@code drainTimeout} at most, before Tomcat's reload begins; if calls are
     * still inside, the old generation goes on serving (the held requests included), the log names the threads
     * inside with their stacks, and this returns false; else the context reloads on this thread with the teardown
     * open, and its {@code before_stop} does not drain again. With {@code onTimeout=proceed}, with Quiesce off for
     * the context, or called from one of the webapp's own requests: Tomcat's {@code reload()}, whose stop drains as
     * any other. {@code ReloadableContextTest}.
     *
     * @return true if the context was reloaded, false if the reload was put off
     * @throws IllegalStateException if the context is not started (Tomcat's {@code reload()} says the same)
     */
    public boolean reload() {
        return reload(ReloadOrigin.CALLER).isEmpty();
    }

    /**
     * {@link #reload()} for {@code origin}: why the reload was put off, or empty once the context was reloaded. A
     * put-off of HostConfig's reload keeps it for the background check ({@link #reloadKept}); any reload or stop
     * ends a kept one ({@link #afterStop}), and its retry then does nothing. Runs under the context's monitor, as
     * Tomcat's reload, stop and background check do, so none of them runs between the drain and the reload.
     * Invariant: Tomcat's reload begins only with the teardown open (the webapp drained) or when Quiesce does not
     * drain first (see {@link #reload()}); a put-off leaves the module {@code ACTIVE} and requests open.
     * {@code QuiesceContextTest}, {@code HostConfigReloadTest}.
     */
    Optional<String> reload(ReloadOrigin origin) {
        Context target = context;
        if (target == null) {
            throw new IllegalStateException("QuiesceContextListener.reload(): the listener's context has not started");
        }
        synchronized (target) {
            if (origin == ReloadOrigin.KEPT_RELOAD && !reloadKept) {
                return Optional.empty();
            }
            endUnfinishedStop(target);
            String current = module;
            ListenerSettings checked = settings;
            if (current == null || checked == null || checked.onTimeout() == OnTimeout.PROCEED
                    || !target.getState().isAvailable() || requests.currentThreadInside()) {
                tomcatsReload(target);
                return Optional.empty();
            }
            requests.close();
            ownTeardown = current;
            WebappDrain.BeforeReload drained = new WebappDrain(target, current, requests, checked)
                    .beforeReload(origin);
            if (drained.teardown() == null) {
                ownTeardown = null;
                requests.open();
                if (origin == ReloadOrigin.HOST_CONFIG) {
                    keptBy = Thread.currentThread();
                    reloadKept = true;
                }
                return Optional.of(drained.putOff());
            }
            open = drained.teardown();
            drainedBeforeStop = true;
            try {
                tomcatsReload(target);
            } finally {
                drainedBeforeStop = false;
            }
            return Optional.empty();
        }
    }

    /** Tomcat's own reload of the context: a {@link QuiesceContext}'s, which would come back here, or any other's. */
    private static void tomcatsReload(Context target) {
        if (target instanceof QuiesceContext quiesceContext) {
            quiesceContext.reloadAsTomcatDoes();
        } else {
            target.reload();
        }
    }

    /**
     * The loader's {@code before_stop}, on the stopping thread after {@code destroy()} and {@code contextDestroyed}:
     * the drivers the webapp left registered, which the loader's stop deregisters before the collection check's
     * leak scan runs; they are added to its report ({@link WebappDrivers}).
     */
    private List<String> forgottenDrivers() {
        Class<?> inside = webappClass;
        webappClass = null;
        if (inside == null) {
            return List.of();
        }
        try {
            return WebappDrivers.of(inside);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warn("Quiesce could not list the JDBC drivers context " + describe(context) + " left registered"
                    + " (Tomcat's own warning names them): " + e, e);
            return List.of();
        }
    }

    /** Holds new requests, then drains the webapp and begins its teardown; see {@link WebappDrain}. */
    private void beforeStop(Context context) {
        ClassLoader classLoader = context.getLoader() == null ? null : context.getLoader().getClassLoader();
        webappClass = module == null || classLoader == null ? null : WebappDrivers.aClassOf(context, classLoader);
        if (drainedBeforeStop) {
            drainedBeforeStop = false;
            return;
        }
        if (unloadingTeardown != null && unloadingTeardown.equals(module)) {
            return;
        }
        endUnfinishedStop(context);
        String current = module;
        ListenerSettings checked = settings;
        if (current == null || checked == null) {
            return;
        }
        requests.close();
        ownTeardown = current;
        WebappDrain.Result result = new WebappDrain(context, current, requests, checked).run();
        open = result.teardown();
        proceeded = result.proceeded();
        if (result.report() != null) {
            keep(result.report());
        }
    }

    /** Ends the teardown on the stopping thread, lets held requests go on, and checks the old loader collected. */
    private void afterStop(Context context) {
        Teardown teardown = open;
        String stopped = module;
        boolean unloadLater = proceeded;
        List<String> drivers = forgottenDrivers;
        open = null;
        proceeded = false;
        reloadKept = false;
        keptBy = null;
        module = null;
        webappClass = null;
        forgottenDrivers = List.of();
        if (teardown == null) {
            requests.open();
            ownTeardown = null;
            if (unloadLater && stopped != null) {
                Duration timeout = settings == null ? Duration.ZERO : settings.drainTimeout();
                CollectionCheck.start(stopped, () -> WebappDrivers.withTomcatsFixes(unloadOnceLeft(stopped, timeout),
                        drivers), this::reportChecked);
            }
            return;
        }
        UnloadReport report;
        try {
            report = teardown.end();
        } finally {
            requests.open();
            ownTeardown = null;
        }
        keep(report);
        LOG.info("Quiesce: context " + describe(context) + " stopped with no call inside: " + report.summary());
        CollectionCheck.start(stopped, () -> WebappDrivers.withTomcatsFixes(Quiesce.checkCollected(stopped), drivers),
                this::reportChecked);
    }

    /**
     * The unload of a generation Tomcat tore down under calls ({@code onTimeout=proceed}): drains what is still
     * inside, a drain timeout at a time, until it has left; then the collection check.
     */
    private static UnloadReport unloadOnceLeft(String module, Duration timeout) {
        UnloadReport report = Quiesce.unload(module, timeout);
        while (report.outcome() == Outcome.TIMED_OUT) {
            report = Quiesce.unload(module, timeout);
        }
        return report;
    }

    /** A stop that failed inside Tomcat fires no {@code after_stop}: end its teardown at the next event. */
    private void endUnfinishedStop(Context context) {
        if (open != null) {
            LOG.warn("Quiesce: the last stop of context " + describe(context) + " did not finish (no after_stop"
                    + " event); its teardown ends now");
            afterStop(context);
        }
    }

    private synchronized void listenForUnloadsElsewhere() {
        if (!listening) {
            Quiesce.addListener(elsewhere);
            listening = true;
        }
    }

    /**
     * The module's teardown, registered with the agent ({@link Quiesce#onTearDown}) when the loader started: an
     * unload from outside Tomcat (the CLI's, the MXBean's, {@link Quiesce#unload}) runs it on the unloading thread
     * after the drain, counted in as the module's teardown. It stops the context there, so Tomcat runs the webapp's
     * {@code destroy()} and {@code contextDestroyed} and drops the loader before the agent's collection check; the
     * stop's {@code before_stop} does not drain again. Requests are held from the drain on, and answered by Tomcat
     * once the context stopped (a 404). It holds the listener and the module's id only. The stop runs with the
     * integration's loader as the thread's context class loader, then puts back the thread's own: Tomcat's stop
     * binds the webapp's loader and, when the thread had none (an unload over JMX), leaves it bound, which kept the
     * loader reachable through the collection check ({@code RETAINED}). {@code CliTest}.
     */
    private void stopForUnload(String unloading) {
        Context stopping = context;
        if (stopping == null || !unloading.equals(module)) {
            return;
        }
        LOG.info("Quiesce: module '" + unloading + "' of context " + describe(stopping) + " is unloaded outside Tomcat:"
                + " its calls drained, the listener stops the context; start it again to serve it (a new generation)");
        unloadingTeardown = unloading;
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        thread.setContextClassLoader(QuiesceContextListener.class.getClassLoader());
        try {
            stopping.stop();
        } catch (LifecycleException e) {
            throw new IllegalStateException("stopping context " + describe(stopping) + " failed: " + e.getMessage(), e);
        } finally {
            unloadingTeardown = null;
            thread.setContextClassLoader(original);
        }
    }

    /**
     * The running generation's module was unloaded outside Tomcat by an unload that does not run its registered
     * teardown ({@link #stopForUnload}): another host's {@link Quiesce#tearDown} or {@link Quiesce#beginTearDown}.
     * Its calls drained and it refuses new ones, but Tomcat does not know. Stop the context now, before the agent's
     * collection check, so that Tomcat drops the loader and later requests get Tomcat's answer for a stopped
     * context (a 404) rather than a refused call. The webapp's {@code destroy()} and {@code contextDestroyed} are
     * refused in such a stop (Tomcat logs them). Requests are held from the unload's drain on (and let go if it
     * times out), then answered by Tomcat once the context stopped. The stop runs on a thread of its own, joined:
     * run on the unloading thread, it left the loader reachable from that thread until the unload returned, so the
     * agent's collection check reported it RETAINED.
     */
    private boolean isElsewhere(String unloading) {
        return unloading.equals(module) && !unloading.equals(ownTeardown) && context != null;
    }

    private void unloadedElsewhere(String unloaded) {
        Context stopped = context;
        LOG.warn("Quiesce: module '" + unloaded + "' of context " + describe(stopped) + " was unloaded outside"
                + " Tomcat: its calls drained, but the webapp's destroy() and contextDestroyed cannot run now. The"
                + " listener stops the context; start it again to serve it (a new generation). Reload, stop and"
                + " undeploy webapps through Tomcat to run their destroy()");
        module = null;
        requests.close();
        Thread stopping = new Thread(null, () -> stop(stopped), "quiesce-stop " + unloaded, 0, false);
        stopping.setContextClassLoader(QuiesceContextListener.class.getClassLoader());
        stopping.start();
        try {
            stopping.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Quiesce: interrupted while context " + describe(stopped) + " stops; it goes on stopping");
        }
    }

    private void stop(Context stopped) {
        try {
            stopped.stop();
        } catch (LifecycleException | RuntimeException e) {
            LOG.error("Quiesce: stopping context " + describe(stopped) + " after its module was unloaded failed", e);
        } finally {
            requests.open();
        }
    }

    private void forget(Context context) {
        if (context.getParent() instanceof Host host) {
            HoldingValve.of(host).forget(context);
        }
        synchronized (this) {
            if (listening) {
                Quiesce.removeListener(elsewhere);
                listening = false;
            }
            if (watchingReloadable) {
                context.removePropertyChangeListener(reloadableWatch);
                watchingReloadable = false;
            }
        }
    }

    private void reportChecked(UnloadReport report) {
        keep(report);
        if (report.outcome() == Outcome.COLLECTED && report.problems().isEmpty()) {
            LOG.info("Quiesce: " + report.summary());
        } else {
            LOG.warn("Quiesce: " + report.summary());
        }
    }

    private void keep(UnloadReport report) {
        synchronized (reports) {
            reports.addFirst(report);
            while (reports.size() > KEPT_REPORTS) {
                reports.removeLast();
            }
        }
    }

    /** The module name of a context: its name ({@code /shop}, {@code /shop##2} with a version), or {@code ROOT}. */
    static String moduleName(Context context) {
        String name = context.getName();
        return name == null || name.isEmpty() || name.equals("/") ? "ROOT" : name;
    }

    static String describe(Context context) {
        return "'" + (context.getName() == null || context.getName().isEmpty() ? "/" : context.getName()) + "'";
    }
}
