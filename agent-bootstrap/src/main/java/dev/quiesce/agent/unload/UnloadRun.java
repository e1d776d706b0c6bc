package dev.quiesce.agent.unload;

import dev.quiesce.Blocker;
import dev.quiesce.ModuleListener;
import dev.quiesce.ModuleState;
import dev.quiesce.Outcome;
import dev.quiesce.UnloadReport;
import dev.quiesce.agent.leaks.LeakScan;
import dev.quiesce.agent.runtime.Cell;
import dev.quiesce.agent.runtime.Gate;
import dev.quiesce.agent.runtime.Gates;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One unload of one module, which {@link Unloader} has claimed for it, as a sequence of small steps (see
 * {@link #steps}); a step is one line there.
 *
 * <p>Exception safety. Every call out of the protocol (listeners, hooks, observers, leak fixes and scans, the
 * collection check) is made through a guard that reports whatever it throws, any {@link Throwable}, to
 * {@link Problems}, and the protocol goes on. Should the protocol's own code throw (an {@code OutOfMemoryError} in
 * the agent, say), {@link #makeConsistent} finishes what a half-done step left: a draining module is put back in
 * service (its {@code @OnResume} hooks run), a module being torn down is marked unloaded and retired (the host's
 * thread counted out first, if it is counted in for its teardown); then the
 * throwable is logged and rethrown. Either way the module ends {@code ACTIVE} or unloaded, never in between, and a
 * fatal error ({@link Problems}) is rethrown only after that. Proved by {@code UnloadFailureTest}.
 */
final class UnloadRun {
    /** Longest single wait of the gate's, so that an interrupt is seen within it (the gate's wait ignores them). */
    private static final long DRAIN_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final UnloadableModule module;
    private final Gate gate;
    private final String id;
    private final ModuleRegistry registry;
    private final Settings settings;
    private final List<ModuleListener> listeners;
    private final List<UnloadEvents> observers;
    private final Problems problems = new Problems();
    private final long drainTimeoutNanos;
    /** When the drain began ({@link #beginDrain}): {@code drainMillis} and the drain's deadline count from here. */
    private long drainStart;
    private long deadline;
    private long inFlightAtStart;
    private long refusedAtStart;
    private boolean drainHooksRan;
    private boolean resumeHooksRan;
    private boolean tearingDown;
    private boolean retired;
    private boolean interrupted;
    private long drainMillis;
    private long teardownStart;
    private long teardownMillis;
    /**
     * The host thread's count-in while a two-part teardown is open ({@link #runToTeardownBegun}) or the registered
     * teardown runs ({@link #runRegisteredTeardown}); else null.
     */
    private Cell hostCell;

    UnloadRun(UnloadableModule module, long drainTimeoutNanos, ModuleRegistry registry, Settings settings,
              List<ModuleListener> listeners, List<UnloadEvents> observers) {
        this.module = module;
        this.gate = module.gate();
        this.id = module.id();
        this.registry = registry;
        this.settings = settings;
        this.listeners = listeners;
        this.observers = observers;
        this.drainTimeoutNanos = drainTimeoutNanos;
    }

    /** Runs the unload; the module is consistent when this returns or throws (see the class comment). */
    UnloadReport run() {
        return consistently(this::steps);
    }

    /**
     * The first part of a two-part teardown, consistently as {@link #run}: the drain, then the {@code @OnUnload}
     * hooks, and the calling thread counted in as a call inside the module. Returns null once that is done (the
     * module is {@code TEARING_DOWN}), or the {@code TIMED_OUT} report (the module is {@code ACTIVE}, untouched).
     */
    UnloadReport runToTeardownBegun() {
        return consistently(this::stepsToTeardownBegun);
    }

    /**
     * Runs the host's teardown code counted in (the thread is already, since {@link #runToTeardownBegun}); what it
     * throws is a problem in the report.
     */
    void runHostTeardown(Runnable action) {
        try {
            action.run();
        } catch (Throwable e) {
            problems.failed("the host's teardown " + action.getClass().getName() + " threw " + e, e);
        }
    }

    /**
     * The second part, on the thread of the first: counts it out, tells the listeners, marks the module unloaded and
     * retires it; the {@code TORN_DOWN} report. {@link #runCollectionCheck} finishes the unload.
     */
    UnloadReport runTeardownEnd() {
        return consistently(() -> {
            countOutHost();
            endTeardown();
            return Unloader.log(new UnloadReport(id, Outcome.TORN_DOWN, inFlightAtStart, drainMillis,
                    teardownMillis, 0, List.of(), List.of(), List.of(), problems.lines()));
        });
    }

    /** The rest of an unload {@link #runToTeardown} tore down: the leak fixes and the collection check. */
    UnloadReport runCollectionCheck() {
        return consistently(this::verifyCollected);
    }

    private UnloadReport consistently(Supplier<UnloadReport> steps) {
        UnloadReport report;
        try {
            report = steps.get();
        } catch (Throwable failure) {
            makeConsistent(failure);
            throw failure;
        }
        if (report != null) {
            problems.rethrowFatal(report);
        }
        return report;
    }

    /** Drain, then (unless it timed out) teardown with the host's, then the collection check. */
    private UnloadReport steps() {
        UnloadReport timedOut = drain();
        if (timedOut != null) {
            return timedOut;
        }
        beginTeardown();
        runRegisteredTeardown();
        endTeardown();
        return verifyCollected();
    }

    /**
     * The host's teardown ({@code Quiesce.onTearDown}), if it registered one: counted in, as the host's teardown of
     * a two-part one; what it throws is a problem. Taken from the module here, so this frame, gone before the
     * collection check, is the last to hold it.
     */
    private void runRegisteredTeardown() {
        Runnable teardown = module.takeHostTeardown();
        if (teardown != null) {
            hostCell = gate.enterForTeardown();
            runHostTeardown(teardown);
            countOutHost();
        }
    }

    /** Drain, then (unless it timed out) the teardown's first half with the calling thread counted in. */
    private UnloadReport stepsToTeardownBegun() {
        UnloadReport timedOut = drain();
        if (timedOut == null) {
            beginTeardown();
            hostCell = gate.enterForTeardown();
        }
        return timedOut;
    }

    /** The drain: null once no call is inside, else the {@code TIMED_OUT} report (back in service). */
    private UnloadReport drain() {
        beginDrain();
        announceDrain();
        if (!awaitDrained()) {
            return resume();
        }
        tell(events -> events.drained(id, drainMillis));
        return null;
    }

    /** From here on new calls are refused; the calls inside now are what the drain waits for. */
    private void beginDrain() {
        drainStart = System.nanoTime();
        deadline = drainStart + drainTimeoutNanos;
        gate.beginDrain();
        inFlightAtStart = gate.inFlight();
        refusedAtStart = refused();
    }

    /** Tell observers and listeners that the module drains, then run its {@code @OnDrain} hooks. */
    private void announceDrain() {
        tell(events -> events.draining(id, inFlightAtStart));
        notifyListeners(ModuleListener::draining);
        drainHooksRan = true;
        runHooks(HookKind.ON_DRAIN);
    }

    /**
     * Waits for the counted calls, then (after an attach) the uncounted ones, by the deadline. The gate's wait does
     * not stop for an interrupt, so it is called in slices and the interrupt checked between them; an interrupted
     * wait ends like a timed-out one, and the interrupt status is kept.
     */
    private boolean awaitDrained() {
        boolean drained = awaitCounted() && awaitUncounted();
        interrupted = Thread.currentThread().isInterrupted();
        drainMillis = millisSince(drainStart);
        return drained && !interrupted;
    }

    private boolean awaitCounted() {
        while (!Thread.currentThread().isInterrupted()) {
            long now = System.nanoTime();
            boolean last = deadline - now <= DRAIN_SLICE_NANOS;
            if (gate.awaitDrained(last ? deadline : now + DRAIN_SLICE_NANOS)) {
                return true;
            }
            if (last) {
                return false;
            }
        }
        return false;
    }

    private boolean awaitUncounted() {
        UncountedCalls uncounted = module.uncountedCalls();
        return uncounted == null || uncounted.awaitNone(deadline);
    }

    /** The drain timed out or was interrupted: back in service, untouched; the report names what was inside. */
    private UnloadReport resume() {
        List<Blocker> blockers = Unloader.blockersInside(module);
        if (interrupted) {
            problems.add("the unloading thread \"" + Thread.currentThread().getName() + "\" was interrupted after "
                    + drainMillis + " ms, while waiting for the calls inside: the drain was cancelled and the module"
                    + " is ACTIVE again; the thread's interrupt status is kept");
        }
        gate.cancelDrain();
        resumeHooksRan = true;
        boolean wasInterrupted = Thread.interrupted();
        try {
            runHooks(HookKind.ON_RESUME);
            notifyListeners(ModuleListener::resumed);
        } finally {
            if (wasInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return finish(new UnloadReport(id, Outcome.TIMED_OUT, inFlightAtStart, drainMillis, 0, 0, blockers,
                List.of(), List.of(), problems.lines()));
    }

    /** No call is inside: calls stay refused for good; the module's hooks let go of it. */
    private void beginTeardown() {
        gate.markTearingDown();
        tearingDown = true;
        awaitInitializersAdmittedWhileDraining();
        teardownStart = System.nanoTime();
        runHooks(HookKind.ON_UNLOAD);
    }

    /** After the hooks (and the host's teardown): the listeners let go of it, and it is unloaded and retired. */
    private void endTeardown() {
        notifyListeners(ModuleListener::unloaded);
        gate.markUnloaded();
        retire();
        teardownMillis = millisSince(teardownStart);
        tell(events -> events.tornDown(id, teardownMillis));
    }

    /**
     * A static initialiser is admitted while DRAINING ({@code Cell.enterInitializer}), so one may have counted in after the
     * drain's last sum; from TEARING_DOWN on none is, so once none is counted none ever will be (the teardown's own
     * calls aside). Waits for it with no deadline: the module can no longer go back in service, and the window in
     * which such an initialiser can start is the few instructions between that sum and the move.
     */
    private void awaitInitializersAdmittedWhileDraining() {
        while (!gate.awaitDrained(System.nanoTime() + DRAIN_SLICE_NANOS)) {
            // a slice at a time, as awaitCounted
        }
    }

    private void retire() {
        registry.retire(module);
        retired = true;
    }

    /** The safe leak fixes, the collection check, and if the loader is still held, what holds it. */
    private UnloadReport verifyCollected() {
        List<String> fixes = settings.fixLeaks() ? fixLeaks() : List.of();
        long collectStart = System.nanoTime();
        boolean collected = awaitCollected();
        long collectMillis = millisSince(collectStart);
        List<String> leaks = List.of();
        if (collected) {
            registry.releaseCollectedSlots();
        } else {
            leaks = findLeaks();
        }
        return finish(new UnloadReport(id, collected ? Outcome.COLLECTED : Outcome.RETAINED, inFlightAtStart,
                drainMillis, teardownMillis, collectMillis, List.of(), fixes, leaks, problems.lines()));
    }

    /** Applies the safe fixes, with the loader held only by this frame. */
    private List<String> fixLeaks() {
        ClassLoader loader = module.loader();
        List<String> lines = new ArrayList<>();
        try {
            return loader == null ? List.of() : LeakScan.fix(loader, lines);
        } catch (Throwable e) {
            problems.failed("the leak fixes failed: " + e, e);
            return List.of();
        } finally {
            problems.addAll(lines);
        }
    }

    /** What still holds a retained module, after the fixes, with the loader held only by this frame. */
    private List<String> findLeaks() {
        ClassLoader loader = module.loader();
        List<String> lines = new ArrayList<>();
        try {
            return loader == null ? List.of() : LeakScan.holders(loader, lines);
        } catch (Throwable e) {
            problems.failed("the leak scan failed: " + e + ". Find the holder with the CLI's leaks command", e);
            return List.of();
        } finally {
            problems.addAll(lines);
        }
    }

    private boolean awaitCollected() {
        boolean requestGc = settings.explicitGc() && !ExplicitGc.disabledByVm();
        boolean collected;
        try {
            collected = CollectionCheck.awaitCollected(module.loaderRef(), settings.collectTimeout(), requestGc);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted while waiting for the class loader to be collected");
            return false;
        } catch (Throwable e) {
            problems.failed("the collection check failed: " + e, e);
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

    /**
     * Something escaped the steps: the protocol's own code failed. Completes the step it left half done, so that the
     * module is {@code ACTIVE} or unloaded; a second failure here is attached to the first.
     */
    private void makeConsistent(Throwable failure) {
        try {
            countOutHost();
            ModuleState state = gate.state();
            if (state == ModuleState.DRAINING) {
                gate.cancelDrain();
            } else if (state == ModuleState.TEARING_DOWN) {
                gate.markUnloaded();
            }
            if (tearingDown && !retired) {
                retire();
            }
            if (gate.state() == ModuleState.ACTIVE && drainHooksRan && !resumeHooksRan) {
                resumeHooksRan = true;
                runHooks(HookKind.ON_RESUME);
                notifyListeners(ModuleListener::resumed);
            }
            AgentLog.LOG.log(System.Logger.Level.ERROR, "quiesce: the unload of module '" + id + "' failed: " + failure
                    + "; the module is " + gate.state() + (problems.lines().isEmpty() ? ""
                    : "; problems before that: " + String.join("; ", problems.lines())), failure);
        } catch (Throwable second) {
            failure.addSuppressed(second);
        }
    }

    /** Runs hooks with the loader held only by this frame. */
    private void runHooks(HookKind kind) {
        if (!module.hooks.has(kind)) {
            return;
        }
        ClassLoader loader = module.loader();
        if (loader != null) {
            module.hooks.run(kind, loader, gate, problems);
        }
    }

    /** Counts the host's thread out of an open two-part teardown, once. */
    private void countOutHost() {
        Cell cell = hostCell;
        hostCell = null;
        if (cell != null) {
            Gates.exit(cell);
        }
    }

    /** Tells every listener one event; whatever a listener throws is reported. */
    private void notifyListeners(BiConsumer<ModuleListener, String> event) {
        for (ModuleListener listener : listeners) {
            try {
                event.accept(listener, id);
            } catch (Throwable e) {
                problems.failed("listener " + listener.getClass().getName() + " threw " + e, e);
            }
        }
    }

    private UnloadReport finish(UnloadReport report) {
        long refusedCalls = refused() - refusedAtStart;
        tell(events -> events.finished(report, refusedCalls));
        return Unloader.log(report);
    }

    /** Tells every observer; one that fails is logged and reported (once the report is out, only logged). */
    private void tell(Consumer<UnloadEvents> event) {
        for (UnloadEvents observer : observers) {
            try {
                event.accept(observer);
            } catch (Throwable e) {
                AgentLog.LOG.log(System.Logger.Level.WARNING, "quiesce: " + observer.getClass().getName() + " failed: " + e, e);
                problems.failed("observer " + observer.getClass().getName() + " failed: " + e, e);
            }
        }
    }

    private long refused() {
        return gate.counts().refused();
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
