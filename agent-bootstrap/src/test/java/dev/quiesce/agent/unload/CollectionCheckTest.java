package dev.quiesce.agent.unload;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The collection check's GC requests are spaced from the end of the previous one, however long it took. */
class CollectionCheckTest {
    private static final long SLOW_GC_MILLIS = 400;

    @Test
    void aSlowGcIsNotFollowedAtOnceByTheNext() throws Exception {
        ClassLoader held = new ClassLoader() { };
        List<long[]> gcs = new ArrayList<>();
        Runnable slowGc = () -> {
            long start = System.nanoTime();
            try {
                Thread.sleep(SLOW_GC_MILLIS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            gcs.add(new long[] {start, System.nanoTime()});
        };
        assertFalse(CollectionCheck.awaitCollected(new WeakReference<>(held), Duration.ofMillis(1500), slowGc));
        assertTrue(gcs.size() >= 2, "a GC was requested more than once: " + gcs.size());
        for (int i = 1; i < gcs.size(); i++) {
            long gap = gcs.get(i)[0] - gcs.get(i - 1)[1];
            assertTrue(gap >= CollectionCheck.GC_PERIOD_NANOS, "GC " + i + " started "
                    + TimeUnit.NANOSECONDS.toMillis(gap) + " ms after the previous one returned");
        }
        assertTrue(held != null);
    }
}
