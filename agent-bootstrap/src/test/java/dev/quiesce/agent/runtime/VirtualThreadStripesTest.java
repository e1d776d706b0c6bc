package dev.quiesce.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * Virtual threads' calls count on the gate's stripes: none of them registers a cell, so while they are inside the
 * gate counts them (in flight, and as virtual threads' calls) but names no thread, and once they have left nothing
 * of them is kept. A platform thread's call still has its cell, and is named.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadStripesTest {
    private static final int THREADS = 500;

    @Test
    void virtualThreadsCountWithoutACell() throws Throwable {
        Gate gate = new Gate("stripes");
        MethodHandle start = MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                MethodType.methodType(Thread.class, Runnable.class));
        CountDownLatch inside = new CountDownLatch(THREADS);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Runnable call = () -> {
                Cell cell = gate.entranceOfCurrentThread().enter();
                try {
                    inside.countDown();
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    Gates.exit(cell);
                }
            };
            threads.add((Thread) start.invokeExact(call));
        }
        assertTrue(inside.await(10, TimeUnit.SECONDS));
        assertEquals(THREADS, gate.inFlight());
        assertEquals(THREADS, gate.virtualThreadCallsInside());
        assertEquals(List.of(), gate.threadsInside(), "a virtual thread registered a cell");

        Cell platform = gate.entranceOfCurrentThread().enter();
        assertEquals(List.of(Thread.currentThread()), gate.threadsInside());
        Gates.exit(platform);

        release.countDown();
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        assertEquals(0, gate.inFlight());
        assertEquals(0, gate.virtualThreadCallsInside());
        assertEquals(THREADS + 1, gate.counts().entrances(), "entrances");
    }
}
