package dev.quiesce.agent.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The calls inside a module that wait now on fork/join work: a parallel stream's terminal operation, a
 * {@code ForkJoinTask}'s {@code invoke}/{@code join}/{@code get}/{@code invokeAll}, {@code ForkJoinPool.invoke},
 * {@code Arrays.parallel*} ({@link ForkJoinSites} brackets those call sites in module code). While any is
 * waiting and the module drains, a call on a {@link ForkJoinWorkerThread} is admitted ({@link Gate#refusedUnlessCarried}):
 * the JDK splits that work into tasks that other workers steal, and the stealing worker's first call into the
 * module (the stream's lambda, the task's {@code compute}) would otherwise be a new visit, refused, and the waiting
 * call would fail half-way.
 */
final class ForkJoinWaits {
    /*
     * Implementation notes. waiting is incremented by a thread inside the module (a counted call: the call site is
     * in rewritten module code) before it starts the fork/join work, and decremented after that work returned or
     * threw. The JDK forks the work's tasks after the increment, in program order on the waiting thread or on a
     * worker running a task forked after it, and a worker runs a task only after taking it from a queue it was
     * pushed to (ForkJoinPool's queues: a release push, an acquire take; java.util.concurrent's memory consistency
     * for executors), so a worker running a task of that work reads a count that includes the increment, until the
     * waiting thread's decrement: waiting > 0 whenever a task of a waiting call runs. What it cannot tell is which
     * call a task belongs to: while a call waits, a worker's unrelated new visit is admitted too. That is a
     * relaxation of "refuse new visits while draining" only, never of safety: the admitted call is counted in, and
     * the admission reads the state again after counting in, as a virtual thread's does, so against the move to
     * TEARING_DOWN and the wait for counted calls that follows it, it is admitted only if the teardown waits for it
     * (Gate's notes on virtual threads; StripedDekkerTest, StaticInitializerWindowTest). The count is one atomic
     * word per gate, written by module code only at the start and end of fork/join work, never by an entry point.
     * Proved by ParallelWorkTest (the waits above admitted while draining, a worker's new visit refused once no
     * call waits; without this admission each is refused) and ParallelWorkStressTest (every kind through ten
     * generations unloaded under its callers: no admitted call fails half-way; without the admission some do).
     */

    private static final VarHandle WAITING;

    static {
        try {
            WAITING = MethodHandles.lookup().findVarHandle(ForkJoinWaits.class, "waiting", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long waiting;

    /** Whether the calling thread is inside {@code gate} and so counts its wait ({@link #end} must then follow). */
    static boolean begin(Gate gate) {
        if (!Carry.wouldCarry(gate)) {
            return false;
        }
        WAITING.getAndAdd(gate.forkJoinWaits, 1L);
        return true;
    }

    /** Ends a wait that {@link #begin} counted; does nothing for one it did not. */
    static void end(Gate gate, boolean counted) {
        if (counted) {
            WAITING.getAndAdd(gate.forkJoinWaits, -1L);
        }
    }

    /** Whether the calling thread is a fork/join worker while a call inside the module waits on fork/join work. */
    boolean admitsCurrentThread() {
        return waiting > 0 && Thread.currentThread() instanceof ForkJoinWorkerThread;
    }
}
