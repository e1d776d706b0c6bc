package dev.quiesce.agent.unload;

import dev.quiesce.ModuleListener;
import dev.quiesce.ModuleState;
import dev.quiesce.Outcome;
import dev.quiesce.UnloadRefusedException;
import dev.quiesce.UnloadReport;
import dev.quiesce.agent.leaks.LeakScan;
import dev.quiesce.agent.runtime.Gate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The unload protocol. {@link #unload}:
 * <ol>
 * <li>refuse, changing nothing, an unknown module, one already draining or unloaded, an unload from a thread
 *     inside the module (it would wait for itself), and a module with a class that could not be instrumented
 *     (calls into it are not counted);</li>
 * <li>set dying: new calls are refused from here on (the gate's Dekker pair);</li>
 * <li>tell listeners and run {@code @OnDrain} hooks, so the module can stop its own threads;</li>
 * <li>sum exits then entrances and wait, woken by exits, up to the timeout; for a module discovered by an attach,
 *     then also wait, by the same deadline, for the calls that started before the attach ({@link UncountedCalls});</li>
 * <li>on timeout: clear dying, run {@code @OnResume} hooks, report the threads still inside: the module is
 *     {@code ACTIVE} and untouched;</li>
 * <li>once drained: run {@code @OnUnload} hooks, tell listeners, drop the agent's references, apply the safe leak
 *     fixes (unless {@code fix-leaks=false}), and verify that the loader is collected; if it is not, scan for what
 *     holds it ({@link LeakScan}).</li>
 * </ol>
 * Hooks and listeners that throw are reported, never fatal. Each step is also told to the {@link UnloadEvents}
 * observers (JMX notifications, Flight Recorder). Unloads of different modules may run concurrently.
 */
public final class Unloader {
    private static final System.Logger LOG = System.getLogger("dev.quiesce");

    private final ModuleRegistry registry;
    private final Settings settings;
    private final List<ModuleListener> listeners = new CopyOnWriteArrayList<>();
    private final List<UnloadEvents> observers = new CopyOnWriteArrayList<>();

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
     * Unloads a module; see the class comment for the steps.
     *
     * @throws UnloadRefusedException if the unload cannot start; nothing was changed then
     */
    public UnloadReport unload(String id, Duration drainTimeout) {
        Module module = startDrain(id);
        Gate gate = module.gate();
        long start = System.nanoTime();
        long deadline = start + saturatedNanos(drainTimeout);
        long inFlightAtStart = gate.inFlight();
        long refusedAtStart = refused(gate);
        List<String> problems = new ArrayList<>();
        tell(events -> events.draining(id, inFlightAtStart));
        notifyListeners(id, problems, true);
        problems.addAll(runHooks(module, HookKind.ON_DRAIN));

        boolean drained = gate.awaitDrained(deadline) && awaitUncountedCalls(module, deadline);
        long drainMillis = millisSince(start);
        if (!drained) {
            List<String> blockers = describeCallsInside(module);
            gate.cancelDrain();
            problems.addAll(runHooks(module, HookKind.ON_RESUME));
            return finish(new UnloadReport(id, Outcome.TIMED_OUT, inFlightAtStart, drainMillis, 0, 0, blockers,
                    List.of(), List.of(), problems), refused(gate) - refusedAtStart);
        }
        tell(events -> events.drained(id, drainMillis));

        gate.markTearingDown();
        long teardownStart = System.nanoTime();
        problems.addAll(runHooks(module, HookKind.ON_UNLOAD));
        notifyListeners(id, problems, false);
        gate.markUnloaded();
        registry.retire(module);
        long teardownMillis = millisSince(teardownStart);
        tell(events -> events.tornDown(id, teardownMillis));

        List<String> fixes = settings.fixLeaks() ? fixLeaks(module, problems) : List.of();
        long collectStart = System.nanoTime();
        boolean collected = awaitCollected(module, problems);
        long collectMillis = millisSince(collectStart);
        long refusedCalls = refused(gate) - refusedAtStart;
        List<String> leaks = List.of();
        if (collected) {
            registry.releaseCollectedSlots();
        } else {
            leaks = findLeaks(module, problems);
        }
        return finish(new UnloadReport(id, collected ? Outcome.COLLECTED : Outcome.RETAINED, inFlightAtStart,
                drainMillis, teardownMillis, collectMillis, List.of(), fixes, leaks, problems), refusedCalls);
    }

    /**
     * The threads inside a live module now, each with its stack: what an unload waits for.
     *
     * @throws UnloadRefusedException if there is no such live module
     */
    public List<String> callsInside(String id) {
        return describeCallsInside(registry.live(id).orElseThrow(() -> unknown(id)));
    }

    private List<String> describeCallsInside(Module module) {
        List<Thread> counted = module.gate().threadsInside();
        UncountedCalls uncounted = module.uncountedCalls();
        List<Thread> notCounted = List.of();
        if (uncounted != null) {
            Set<Thread> elsewhere = registry.threadsInsideNamesakes(module);
            elsewhere.addAll(counted);
            notCounted = uncounted.threadsInside(elsewhere);
        }
        return Blockers.describe(counted, notCounted, module.id());
    }

    /** Waits for the calls that started before the attach; true at once for a module that has none. */
    private boolean awaitUncountedCalls(Module module, long deadline) {
        UncountedCalls uncounted = module.uncountedCalls();
        return uncounted == null || uncounted.awaitNone(deadline, () -> registry.threadsInsideNamesakes(module));
    }

    private Module startDrain(String id) {
        synchronized (registry) {
            Module module = registry.live(id).orElseThrow(() -> unknown(id));
            Gate gate = module.gate();
            if (gate.state() != ModuleState.ACTIVE) {
                throw new UnloadRefusedException("module '" + id + "' is already " + gate.state()
                        + ": another unload is in progress; wait for its report");
            }
            if (gate.currentThreadInside()) {
                throw new UnloadRefusedException("unload of module '" + id + "' refused: the calling thread \""
                        + Thread.currentThread().getName() + "\" is inside the module and would wait for itself;"
                        + " request the unload from a thread outside the module");
            }
            module.uninstrumented.refuseUnload(id);
            gate.beginDrain();
            return module;
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

    /** Runs hooks with the loader held only by this frame. */
    private static List<String> runHooks(Module module, HookKind kind) {
        if (!module.hooks.has(kind)) {
            return List.of();
        }
        ClassLoader loader = module.loader();
        return loader == null ? List.of() : module.hooks.run(kind, loader, module.gate());
    }

    private void notifyListeners(String id, List<String> problems, boolean draining) {
        for (ModuleListener listener : listeners) {
            try {
                if (draining) {
                    listener.draining(id);
                } else {
                    listener.unloaded(id);
                }
            } catch (RuntimeException | LinkageError e) {
                problems.add("listener " + listener.getClass().getName() + " threw " + e);
            }
        }
    }

    /** Applies the safe fixes to what holds the torn-down module, with the loader held only by this frame. */
    private static List<String> fixLeaks(Module module, List<String> problems) {
        ClassLoader loader = module.loader();
        return loader == null ? List.of() : LeakScan.fix(loader, problems);
    }

    /** What still holds a retained module, after the fixes, with the loader held only by this frame. */
    private static List<String> findLeaks(Module module, List<String> problems) {
        ClassLoader loader = module.loader();
        return loader == null ? List.of() : LeakScan.holders(loader, problems);
    }

    private boolean awaitCollected(Module module, List<String> problems) {
        boolean requestGc = settings.explicitGc() && !ExplicitGc.disabledByVm();
        boolean collected;
        try {
            collected = CollectionCheck.awaitCollected(module.loaderRef(), settings.collectTimeout(), requestGc);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted while waiting for the class loader to be collected");
            return false;
        }
        if (!collected && !settings.explicitGc()) {
            problems.add("the collection check did not call System.gc() (explicit-gc=false) and no GC that unloads"
                    + " classes ran within collect-timeout=" + settings.collectTimeout().toMillis() + "ms: the loader"
                    + " may only be waiting for one. Raise collect-timeout, or check again after a full GC");
        } else if (!collected && !requestGc) {
            problems.add("-XX:+DisableExplicitGC is set, so System.gc() does nothing: the collection check waited for"
                    + " a normal GC that unloads classes, and none ran within collect-timeout="
                    + settings.collectTimeout().toMillis() + "ms. Raise collect-timeout, or run without"
                    + " -XX:+DisableExplicitGC");
        }
        return collected;
    }

    private UnloadReport finish(UnloadReport report, long refusedCalls) {
        tell(events -> events.finished(report, refusedCalls));
        return log(report);
    }

    /** Tells every observer; one that fails is logged and never stops the unload. */
    private void tell(Consumer<UnloadEvents> event) {
        for (UnloadEvents observer : observers) {
            try {
                event.accept(observer);
            } catch (RuntimeException | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "quiesce: " + observer.getClass().getName() + " failed: " + e, e);
            }
        }
    }

    private static long refused(Gate gate) {
        return gate.counts()[2];
    }

    private static UnloadReport log(UnloadReport report) {
        System.Logger.Level level = report.outcome() == Outcome.COLLECTED && report.problems().isEmpty()
                && report.fixes().isEmpty() ? System.Logger.Level.INFO : System.Logger.Level.WARNING;
        StringBuilder text = new StringBuilder("quiesce: ").append(report.summary());
        report.blockers().forEach(b -> text.append('\n').append(b));
        LOG.log(level, text.toString());
        return report;
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
