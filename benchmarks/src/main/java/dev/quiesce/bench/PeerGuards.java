package dev.quiesce.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;
import java.util.function.IntUnaryOperator;

/**
 * The guards Java developers write by hand today, around the same trivial body as the benchmark plugin: count in,
 * refuse if dying, run, count out. None is ever dying in the benchmark; the check is there because a real guard
 * pays for it.
 *
 * <p>The last four are not guards anyone would ship: they take Quiesce's entry point apart to show where its cost
 * goes. Each counts in and out of a padded cell only its thread writes, as Quiesce does, and they differ only in how
 * the cell is found and which fence the count-in pays.
 */
final class PeerGuards {
    private PeerGuards() {
    }

    private static int body(int operand) {
        return operand + 1;
    }

    /** One shared in-flight counter. */
    static final class AtomicLongGuard implements IntUnaryOperator {
        private final AtomicLong inFlight = new AtomicLong();
        private volatile boolean dying;

        @Override
        public int applyAsInt(int operand) {
            inFlight.incrementAndGet();
            try {
                if (dying) {
                    throw new IllegalStateException("dying");
                }
                return body(operand);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    /** Two striped monotone counters (entrances, exits): safe to sum, two locked instructions per call. */
    static final class LongAdderPairGuard implements IntUnaryOperator {
        private final LongAdder entrances = new LongAdder();
        private final LongAdder exits = new LongAdder();
        private volatile boolean dying;

        @Override
        public int applyAsInt(int operand) {
            entrances.increment();
            try {
                if (dying) {
                    throw new IllegalStateException("dying");
                }
                return body(operand);
            } finally {
                exits.increment();
            }
        }
    }

    /** Calls hold the read lock; the unloader would take the write lock. */
    static final class ReadWriteLockGuard implements IntUnaryOperator {
        private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        private volatile boolean dying;

        @Override
        public int applyAsInt(int operand) {
            lock.readLock().lock();
            try {
                if (dying) {
                    throw new IllegalStateException("dying");
                }
                return body(operand);
            } finally {
                lock.readLock().unlock();
            }
        }
    }

    /** A counter behind one global monitor. */
    static final class SynchronizedGuard implements IntUnaryOperator {
        private final Object monitor = new Object();
        private long inFlight;
        private boolean dying;

        @Override
        public int applyAsInt(int operand) {
            synchronized (monitor) {
                if (dying) {
                    throw new IllegalStateException("dying");
                }
                inFlight++;
            }
            try {
                return body(operand);
            } finally {
                synchronized (monitor) {
                    inFlight--;
                }
            }
        }
    }

    /** Calls hold a (pessimistic) read stamp; the unloader would take the write lock. */
    static final class StampedLockGuard implements IntUnaryOperator {
        private final StampedLock lock = new StampedLock();
        private volatile boolean dying;

        @Override
        public int applyAsInt(int operand) {
            long stamp = lock.readLock();
            try {
                if (dying) {
                    throw new IllegalStateException("dying");
                }
                return body(operand);
            } finally {
                lock.unlockRead(stamp);
            }
        }
    }

    /** The physical floor of a guard correct by the JMM: one StoreLoad fence, then the dying check. No counting. */
    static final class FenceOnlyGuard implements IntUnaryOperator {
        private volatile boolean dying;

        @Override
        public int applyAsInt(int operand) {
            VarHandle.fullFence();
            if (dying) {
                throw new IllegalStateException("dying");
            }
            return body(operand);
        }
    }

    /** Quiesce's counting with its lookup: a {@code ThreadLocal} per guard, a volatile count-in, a release count-out. */
    static final class ThreadLocalCellGuard implements IntUnaryOperator {
        private final ThreadLocal<OwnedCell> cells = new ThreadLocal<>();
        private volatile boolean dying;

        @Override
        public int applyAsInt(int operand) {
            OwnedCell cell = cells.get();
            if (cell == null) {
                cell = new OwnedCell(Thread.currentThread());
                cells.set(cell);
            }
            cell.countIn();
            try {
                if (dying) {
                    throw new IllegalStateException("dying");
                }
                return body(operand);
            } finally {
                cell.countOut();
            }
        }
    }

    /** The same lookup with plain counts: what the {@code ThreadLocal} costs without the fence. Not correct. */
    static final class ThreadLocalPlainGuard implements IntUnaryOperator {
        private final ThreadLocal<OwnedCell> cells = new ThreadLocal<>();
        private volatile boolean dying;

        @Override
        public int applyAsInt(int operand) {
            OwnedCell cell = cells.get();
            if (cell == null) {
                cell = new OwnedCell(Thread.currentThread());
                cells.set(cell);
            }
            cell.entrances++;
            try {
                if (dying) {
                    throw new IllegalStateException("dying");
                }
                return body(operand);
            } finally {
                cell.exits++;
            }
        }
    }

    /**
     * The cell found in a table indexed by thread id, with an owner check (a thread whose slot another thread owns
     * would fall back to a slow path; none does here): what the lookup costs without a {@code ThreadLocalMap}.
     */
    static final class ThreadIdCellGuard implements IntUnaryOperator {
        private final OwnedCell[] cells = new OwnedCell[1024];
        private volatile boolean dying;

        @Override
        public int applyAsInt(int operand) {
            Thread self = Thread.currentThread();
            @SuppressWarnings("deprecation") // threadId() is JDK 19+; getId() is the same number
            int index = (int) self.getId() & (cells.length - 1);
            OwnedCell cell = cells[index];
            if (cell == null || cell.owner != self) {
                cell = new OwnedCell(self);
                cells[index] = cell;
            }
            cell.countIn();
            try {
                if (dying) {
                    throw new IllegalStateException("dying");
                }
                return body(operand);
            } finally {
                cell.countOut();
            }
        }
    }

    /** A thread's own counts, padded off every other object's cache line, as Quiesce's {@code Cell} is. */
    static final class OwnedCell extends OwnedCellCounts {
        @SuppressWarnings("unused")
        private long q0, q1, q2, q3, q4, q5, q6, q7, q8, q9, qa, qb, qc, qd, qe, qf;
        private static final VarHandle ENTRANCES;
        private static final VarHandle EXITS;

        static {
            try {
                ENTRANCES = MethodHandles.lookup().findVarHandle(OwnedCellCounts.class, "entrances", long.class);
                EXITS = MethodHandles.lookup().findVarHandle(OwnedCellCounts.class, "exits", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        OwnedCell(Thread owner) {
            super(owner);
        }

        void countIn() {
            ENTRANCES.setVolatile(this, entrances + 1);
        }

        void countOut() {
            EXITS.setRelease(this, exits + 1);
        }
    }

    abstract static class OwnedCellPadding {
        @SuppressWarnings("unused")
        private long p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, pa, pb, pc, pd, pe, pf;
    }

    abstract static class OwnedCellCounts extends OwnedCellPadding {
        final Thread owner;
        long entrances;
        long exits;

        OwnedCellCounts(Thread owner) {
            this.owner = owner;
        }
    }
}
