package dev.quiesce.agent.unload;

import java.lang.ref.WeakReference;
import java.time.Duration;

/**
 * Verifies that a class loader was garbage collected: watches a weak reference to the loader until it is cleared or
 * the bound passes, requesting a collection every 250 ms if {@code requestGc}, else waiting for the JVM's own GCs.
 * The caller must not hold the loader in any live local.
 */
final class CollectionCheck {
    private static final long POLL_MILLIS = 20;

    private CollectionCheck() {
    }

    /** Whether the loader was collected within the bound. */
    static boolean awaitCollected(WeakReference<ClassLoader> loader, Duration bound, boolean requestGc)
            throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        long nextGc = 0;
        while (!loader.refersTo(null)) {
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                return false;
            }
            if (requestGc && now - nextGc >= 0) {
                System.gc();
                nextGc = now + Duration.ofMillis(250).toNanos();
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }
}
