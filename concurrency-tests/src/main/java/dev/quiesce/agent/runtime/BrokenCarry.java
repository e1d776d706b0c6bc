package dev.quiesce.agent.runtime;

import dev.quiesce.ModuleState;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.locks.LockSupport;

/**
 * Evidence, not Quiesce: copies of the carrying algorithm ({@link CarriedCounts}, {@link CarriedThreads}) with one
 * step out of order or left out, for the tests that show {@link CarriedSubmissionTest},
 * {@link CarriedThreadStartTest} and {@link CarriedThreadRestartTest} can fail. The hand-off is modelled by the counters alone.
 */
final class BrokenCarry {
    private BrokenCarry() {
    }

    /**
     * {@link Gate#awaitDrained}'s loop for {@link CarriedThreadStartTest#DRAIN_NANOS}, with a broken copy's clean-up
     * ({@code releaseEnded}) before each sum in place of the gate's own.
     */
    static boolean awaitDrained(Gate gate, Runnable releaseEnded) {
        long deadline = System.nanoTime() + CarriedThreadStartTest.DRAIN_NANOS;
        while (true) {
            releaseEnded.run();
            if (gate.inFlight() == 0) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(Gate.RECHECK_NANOS);
        }
    }

    /** A sum that reads carried-in before the outs ({@link Gate#inFlight} reads it after them), over one cell. */
    static long sumWithCarriedInFirst(Gate gate, Cell cell) {
        long carriedIn = gate.carried.inSeen();
        long outs = (cell == null ? 0 : cell.exitsSeen()) + gate.carried.outSeen();
        return carriedIn + (cell == null ? 0 : cell.entrancesSeen()) - outs;
    }

    /** {@link Carry#start} with its two steps swapped: the carry is let go before the worker counts in. */
    static Cell startWithCarriedOutFirst(Gate gate) {
        gate.carried.carryOut();
        return gate.enterCarried();
    }

    /** {@code Gates.entrance(slot).enter()} on a given cell, without the nested check: true if admitted. */
    static boolean enter(Gate gate, Cell cell) {
        cell.countIn();
        if (gate.state != ModuleState.ACTIVE) {
            cell.abruptExits++;
            return false;
        }
        return true;
    }

    /** {@link CarriedForkJoinTask} without its {@code cancel}: a cancel before the start never lets the carry go. */
    static final class TaskThatKeepsItsCarry<V> extends ForkJoinTask<V> {
        private final Callable<? extends V> task;
        private final Carry carry;
        private V result;

        TaskThatKeepsItsCarry(Callable<? extends V> task, Carry carry) {
            this.task = task;
            this.carry = carry;
        }

        @Override
        protected boolean exec() {
            Cell cell = carry.start();
            try {
                result = task.call();
                return true;
            } catch (Exception e) {
                throw new RuntimeException(e);
            } finally {
                if (cell != null) {
                    Carry.finish(cell);
                }
            }
        }

        @Override
        public V getRawResult() {
            return result;
        }

        @Override
        protected void setRawResult(V value) {
            result = value;
        }
    }

    /**
     * {@link CarriedThreads} without the start mark: its clean-up lets go the carry of every thread that is not
     * alive, one whose start has not made it alive yet included.
     */
    static final class ThreadsWithoutTheStartMark {
        private final List<WeakReference<Thread>> threads = new ArrayList<>();
        private final List<Carry> carries = new ArrayList<>();

        void start(Thread thread, Gate gate) {
            Carry carry = Carry.ifInside(gate);
            if (carry == null) {
                thread.start();
                return;
            }
            synchronized (this) {
                threads.add(new WeakReference<>(thread));
                carries.add(carry);
            }
            thread.start();
        }

        synchronized void releaseEnded() {
            for (int i = threads.size() - 1; i >= 0; i--) {
                Thread thread = threads.get(i).get();
                if (thread == null || !thread.isAlive()) {
                    threads.remove(i);
                    carries.remove(i).release();
                }
            }
        }
    }

    /**
     * {@link CarriedThreads} whose start that throws lets go every record of its thread, not only its own: the
     * record of the carried start before, of a thread still running, goes too.
     */
    static final class ThreadsReleasingEveryRecordOfTheThread {
        private final List<WeakReference<Thread>> threads = new ArrayList<>();
        private final List<Carry> carries = new ArrayList<>();
        private final List<Boolean> started = new ArrayList<>();

        void start(Thread thread, Gate gate) {
            Carry carry = Carry.ifInside(gate);
            if (carry == null) {
                thread.start();
                return;
            }
            int record;
            synchronized (this) {
                record = threads.size();
                threads.add(new WeakReference<>(thread));
                carries.add(carry);
                started.add(false);
            }
            try {
                thread.start();
            } catch (RuntimeException e) {
                synchronized (this) {
                    for (int i = threads.size() - 1; i >= 0; i--) {
                        if (threads.get(i).refersTo(thread)) {
                            remove(i);
                        }
                    }
                }
                throw e;
            }
            synchronized (this) {
                started.set(record, true);
            }
        }

        synchronized void releaseEnded() {
            for (int i = threads.size() - 1; i >= 0; i--) {
                Thread thread = threads.get(i).get();
                if (started.get(i) && (thread == null || !thread.isAlive())) {
                    remove(i);
                }
            }
        }

        private void remove(int i) {
            threads.remove(i);
            started.remove(i);
            carries.remove(i).release();
        }
    }
}
