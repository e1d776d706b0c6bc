package dev.quiesce.tomcat;

import dev.quiesce.Blocker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The requests of one context between Tomcat's mapper and their end: what a stop waits for before the webapp's own
 * drain, so that no request Tomcat has mapped to the webapp reaches its code once that drain refuses new calls.
 *
 * <p>Implementation notes. A Dekker pair: a request counts in ({@link #enter}: an atomic increment), then reads
 * {@code closed} (volatile) and its context's {@code paused} flag (volatile in {@code StandardContext}); a stop
 * writes {@code closed} ({@link #close}; a reload wrote {@code paused} before), then reads the count
 * ({@link #awaitEmpty}). Volatile and atomic accesses are sequentially consistent, so either the request sees the
 * flag (it counts out and is held by {@link HoldingValve}), or the stop sees its count and waits for it; both may
 * happen, which only holds a request that was waited for. A count-out reads {@code closed} after the decrement and
 * wakes the waiting stop under {@link #lock}, which the stop holds from its read of the count to its wait, so no
 * wake-up is lost. Held requests wait on the same lock until {@link #open}.
 */
final class ContextRequests {
    /** Longest single wait of a held request, which also polls the context's {@code paused} flag (no event). */
    private static final long HOLD_SLICE_MILLIS = 20;

    private final AtomicInteger inside = new AtomicInteger();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private volatile boolean closed;

    /**
     * Counts the calling request in; true if it may go on, false (counted out again) if the context is being
     * stopped or paused. {@code alwaysAdmit} admits, counted, an async request's continuation, which a stop waits
     * for (Tomcat counts it in progress). Invariant: once {@link #close} has returned, a request this admits was
     * counted before the stop's read of the count (see the class comment), so {@link #awaitEmpty} waits for it.
     * Proved by {@code MappedBeforeTheStopTest}, which fails (a 503 from the old generation's teardown) when this
     * admits without reading the flags.
     */
    boolean enter(BooleanSupplier paused, boolean alwaysAdmit) {
        inside.incrementAndGet();
        if (alwaysAdmit || !closed && !paused.getAsBoolean()) {
            threads.add(Thread.currentThread());
            return true;
        }
        exit(false);
        return false;
    }

    /** Counts a request out; {@code admitted}: it was admitted by {@link #enter}. */
    void exit(boolean admitted) {
        if (admitted) {
            threads.remove(Thread.currentThread());
        }
        if (inside.decrementAndGet() == 0 && closed) {
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }

    /** From here on, requests that reach the context are held. */
    void close() {
        closed = true;
    }

    /** Held requests go on (they are mapped again). */
    void open() {
        closed = false;
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    boolean closed() {
        return closed;
    }

    /** Waits until no request is counted in, or the deadline ({@link System#nanoTime}); true if none is. */
    boolean awaitEmpty(long deadlineNanos) throws InterruptedException {
        synchronized (lock) {
            while (inside.get() > 0) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /** Waits a slice while the context is closed; the caller re-checks (and polls {@code paused}). */
    void awaitSlice() throws InterruptedException {
        synchronized (lock) {
            lock.wait(HOLD_SLICE_MILLIS);
        }
    }

    /** The threads of the requests inside now, each with its state and whole stack, for a log. */
    List<Blocker> describe(String context) {
        List<Blocker> blockers = new ArrayList<>();
        for (Thread thread : threads) {
            String state = thread.getState().name();
            List<String> frames = Arrays.stream(thread.getStackTrace()).map(StackTraceElement::toString).toList();
            blockers.add(new Blocker(thread.getName(), thread.getId(), state, "is a request of context " + context,
                    frames, 0));
        }
        return blockers;
    }

    /** Whether the calling thread is one of the requests inside (a webapp that stops itself from a request). */
    boolean currentThreadInside() {
        return threads.contains(Thread.currentThread());
    }
}
