package dev.quiesce.agent.unload;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Verifies that a class loader was garbage collected: watches a weak reference to the loader until it is cleared or
 * the bound passes, requesting a collection every 250 ms if {@code requestGc}, else waiting for the JVM's own GCs.
 * The caller must not hold the loader in any live local.
 */
final class CollectionCheck {
    private static final long POLL_MILLIS = 20;
    private static final long GC_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private CollectionCheck() {
    }

    /** Whether the loader was collected within the bound. */
    static boolean awaitCollected(WeakReference<ClassLoader> loader, Duration bound, boolean requestGc)
            throws InterruptedException {
        long nextGc = System.nanoTime();
        long deadline = nextGc + bound.toNanos();
        while (!loader.refersTo(null)) {
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                return false;
            }
            if (requestGc && now - nextGc >= 0) {
                System.gc();
                nextGc = now + GC_PERIOD_NANOS;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }
}
