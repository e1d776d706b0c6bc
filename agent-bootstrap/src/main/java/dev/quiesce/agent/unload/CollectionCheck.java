package dev.quiesce.agent.unload;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Verifies that a class loader was garbage collected: watches a weak reference to the loader until it is cleared or
 * the bound passes, requesting a collection 250 ms after the previous one returned if {@code requestGc}, else waiting
 * for the JVM's own GCs. The period counts from the end of a {@code System.gc()}, so a slow full GC is never followed
 * at once by the next ({@code CollectionCheckTest}). The caller must not hold the loader in any live local.
 */
final class CollectionCheck {
    private static final long POLL_MILLIS = 20;
    static final long GC_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private CollectionCheck() {
    }

    /** Whether the loader was collected within the bound. */
    static boolean awaitCollected(WeakReference<ClassLoader> loader, Duration bound, boolean requestGc)
            throws InterruptedException {
        return awaitCollected(loader, bound, requestGc ? System::gc : null);
    }

    /** As above, with {@code gc} the request for a collection, or null for none. */
    static boolean awaitCollected(WeakReference<ClassLoader> loader, Duration bound, Runnable gc)
            throws InterruptedException {
        long nextGc = System.nanoTime();
        long deadline = nextGc + bound.toNanos();
        while (!loader.refersTo(null)) {
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                return false;
            }
            if (gc != null && now - nextGc >= 0) {
                gc.run();
                nextGc = System.nanoTime() + GC_PERIOD_NANOS;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }
}
