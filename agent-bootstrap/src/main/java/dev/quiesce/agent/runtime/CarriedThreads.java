package dev.quiesce.agent.runtime;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * One module's carried threads: threads that module code started ({@code Thread.start}, a {@code Thread.Builder})
 * from inside a call of the module, each counted in flight, by a {@link Carry} in {@link CarriedCounts}, from before
 * its start until it has ended. While the module drains, such a thread's calls into it are admitted.
 *
 * <p>Implementation notes.
 *
 * <p><b>Invariant.</b> For every thread T that {@link #start} started with a carry R: from before T's start until T
 * has terminated, every sum of the gate counts R's carry or the call that took it (so the drain cannot end while T
 * is alive); and every call T makes into the module while it drains is counted in on T's cell before R can be
 * released. So no drain ends while T runs, and T's module code never runs uncounted.
 *
 * <p><b>The carry.</b> The starter S, counted inside a call C, takes R's carry ({@link Carry#ifInside}: carried-in
 * while inside), records R (under this object's lock), starts T, then marks R started (under the lock), and only
 * later counts C out. A sum that misses R's carried-in also misses C's count-out, so it counts C: the argument of
 * {@link CarriedCounts}, unchanged. R is released (carried-out, once: {@link Carry#release}) only under the lock and
 * only (a) by S, when T's start throws (T did not start), or (b) by {@link #releaseEnded}, for a record marked started
 * whose thread is gone ({@code isAlive() == false}, or collected). In (b), T's termination happens-before the
 * {@code isAlive} that returned false (JLS 17.4.4), which is before the release, so every count T made happens-before
 * it, and a sum that sees the release (reading outs before ins) sees all of T's counts. Before S marks R started,
 * {@code isAlive} is false for T too, hence the mark: an unmarked record is S's to release, and S is inside C.
 *
 * <p><b>Admission.</b> T's call counts in on T's own cell, sees the module draining, and counts out with no call in
 * between ({@code Cell.enter}); then {@link #admit} looks for a record of T under the lock and, if there is one,
 * counts T in again while still holding the lock. The record was written before T's start, and {@code start}
 * happens-before T's first action, so T finds it. A record is removed only with its release, under the same lock,
 * so that release happens-after T's count-in: a sum that sees the release sees the count-in, and a sum that does
 * not see it counts R. While R stands the drain cannot end, so T is never admitted into a module tearing down:
 * only a draining one admits (a drain that times out and puts the module back in service keeps R for the next).
 *
 * <p><b>Memory.</b> A record is a weak reference to its thread (a parked virtual thread nobody can reach may be
 * collected: it will never run again, so its carry is let go). Records of ended threads are released at each sum
 * and when the records reach twice the number kept by the last clean-up, so they are bounded by the live carried
 * threads. Cost: per start, a record and a carry (two small objects), two atomic increments and two short lock
 * holds; on the refusal path of a draining module, a scan of the records under the lock; nothing on the per-call
 * path. Proved by {@code ThreadCarryTest} (forked JVMs: each way of starting, a thread between two calls, one
 * that never ends, a start that throws, a thread the host started), {@code CarriedThreadStartTest} (jcstress: a
 * start racing a drain; the drain never ends under the live thread) and {@code CarriedThreadAdmissionTest} (the
 * thread's first call racing the drain's start: admitted, and waited for); {@code ThreadStartWithoutTheStartMarkTest}
 * is the evidence that a clean-up that lets go the carry of a thread not alive yet lets a drain end under it, and
 * {@code ThreadCallWithoutTheAdmissionTest} that without the admission such a call is refused. The one release of
 * a record of a live thread, by a start that throws on a thread already running, lets go that start's own record
 * only: {@code CarriedThreadRestartTest} (jcstress; {@code ThreadRestartWithoutTheOwnRecordTest} shows that letting
 * go every record of the thread ends the drain under it).
 */
final class CarriedThreads {
    private ThreadCarry[] records = new ThreadCarry[4];
    private int count;
    private int cleanAt = 16;

    /**
     * Starts {@code thread}, carried if the calling thread is inside the module and it is active or draining
     * ({@link Carry#ifInside}); otherwise exactly {@code thread.start()}. Contract: see the invariant; a start that
     * throws lets the carry go and rethrows. Proved by {@code ThreadCarryTest} and {@code CarriedThreadStartTest}.
     */
    static void start(Thread thread, Gate gate) {
        Carry carry = Carry.ifInside(gate);
        if (carry == null) {
            thread.start();
            return;
        }
        CarriedThreads threads = gate.threads;
        ThreadCarry record = threads.add(thread, carry);
        try {
            thread.start();
        } catch (Throwable e) {
            threads.release(record);
            throw e;
        }
        threads.markStarted(record);
    }

    private synchronized ThreadCarry add(Thread thread, Carry carry) {
        if (count == cleanAt) {
            releaseEnded();
            cleanAt = Math.max(16, count * 2);
        }
        if (count == records.length) {
            ThreadCarry[] grown = new ThreadCarry[count * 2];
            System.arraycopy(records, 0, grown, 0, count);
            records = grown;
        }
        ThreadCarry record = new ThreadCarry(thread, carry);
        records[count++] = record;
        return record;
    }

    private synchronized void markStarted(ThreadCarry record) {
        record.started = true;
    }

    /** The start threw: the record goes, and its carry with it. */
    private synchronized void release(ThreadCarry record) {
        for (int i = 0; i < count; i++) {
            if (records[i] == record) {
                remove(i);
                return;
            }
        }
    }

    /**
     * A call of the calling thread that counted in on {@code cell}, saw the module draining and counted out: counts
     * it in again and returns true if the thread is carried (a record of it stands), else false. Contract: true only
     * under a record whose release happens-after the count-in (see the notes). Proved by
     * {@code CarriedThreadAdmissionTest} (jcstress) and {@code ThreadCarryTest} (admitted while draining; a thread
     * the host started is refused).
     */
    synchronized boolean admit(Cell cell) {
        Thread current = Thread.currentThread();
        for (int i = 0; i < count; i++) {
            if (records[i].refersTo(current)) {
                cell.countIn();
                return true;
            }
        }
        return false;
    }

    /**
     * Lets go the carries of threads that were started and have ended (or been collected). Contract: a release
     * happens-after every action of its thread (JLS 17.4.4). Called before each sum ({@link Gate#inFlight}), so a
     * drain ends within one recheck of the last carried thread's end; a record not marked started is left to its
     * starter. Proved by {@code CarriedThreadStartTest} and {@code ThreadCarryTest}.
     */
    synchronized void releaseEnded() {
        for (int i = count - 1; i >= 0; i--) {
            ThreadCarry record = records[i];
            Thread thread = record.get();
            if (record.started && (thread == null || !thread.isAlive())) {
                remove(i);
            }
        }
    }

    /** The carried threads still alive, for a drain's report of what holds it. */
    synchronized List<Thread> alive() {
        List<Thread> alive = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Thread thread = records[i].get();
            if (thread != null && thread.isAlive()) {
                alive.add(thread);
            }
        }
        return alive;
    }

    /** Under the lock: releases record {@code i}'s carry and drops the record (the last one takes its place). */
    private void remove(int i) {
        ThreadCarry record = records[i];
        records[i] = records[--count];
        records[count] = null;
        record.carry.release();
    }

    /** A carried thread: weakly, so that a thread nobody can reach is not kept. Fields guarded by the lock. */
    private static final class ThreadCarry extends WeakReference<Thread> {
        final Carry carry;
        boolean started;

        ThreadCarry(Thread thread, Carry carry) {
            super(thread);
            this.carry = carry;
        }
    }
}
