package dev.quiesce.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;
import java.util.function.IntUnaryOperator;

/**
 * The guards Java developers write by hand today, around the same trivial body as the benchmark plugin: count in,
 * refuse if dying, run, count out. None is ever dying in the benchmark; the check is there because a real guard
 * pays for it.
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
}
