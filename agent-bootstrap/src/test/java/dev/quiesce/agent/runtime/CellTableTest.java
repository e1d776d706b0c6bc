package dev.quiesce.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The gate's table of cells by thread: each thread finds the one cell it registered on every later call, whatever
 * other threads registered, grew or pruned in between (200 threads in waves, the table grows, and ended threads'
 * cells are pruned), and no count is lost; a nested call counts nothing. Consecutive thread ids spread without a
 * collision, so the threads' ids are made random by creating a random number of threads, never started, before each.
 * A view of the table that misses the caller's cell (what a plain read may show) finds the same cell. A thread whose
 * overridden {@code getId} gives another thread's id still gets a cell of its own.
 */
class CellTableTest {
    private static final int WAVES = 4;
    private static final int THREADS_PER_WAVE = 50;

    @Test
    void everyThreadFindsItsOwnCellAcrossGrowthAndPruning() throws Exception {
        Gate gate = new Gate("table");
        int slot = Gates.register(gate);
        try {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Random random = new Random(12);
            for (int wave = 0; wave < WAVES; wave++) {
                CountDownLatch registered = new CountDownLatch(THREADS_PER_WAVE);
                CountDownLatch again = new CountDownLatch(1);
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < THREADS_PER_WAVE; i++) {
                    for (int skipped = random.nextInt(64); skipped > 0; skipped--) {
                        new Thread(() -> { });
                    }
                    Thread thread = new Thread(() -> {
                        try {
                            Cell first = Gates.entrance(slot).enter();
                            Gates.exit(first);
                            registered.countDown();
                            again.await();
                            Cell outer = Gates.entrance(slot).enter();
                            Cell nested = Gates.entrance(slot).enter();
                            Gates.exit(nested);
                            Gates.exit(outer);
                            assertSame(first, outer, "a second cell for the same thread");
                            assertNull(nested, "a nested call is not counted");
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    });
                    threads.add(thread);
                    thread.start();
                }
                registered.await();
                again.countDown();
                for (Thread thread : threads) {
                    thread.join();
                }
            }
            assertEquals(null, failure.get());
            GateCounts counts = gate.counts();
            assertEquals(2L * WAVES * THREADS_PER_WAVE, counts.entrances(), "entrances");
            assertEquals(counts.entrances(), counts.exits(), "exits");
            assertTrue(gate.threadsInside().isEmpty());
        } finally {
            Gates.release(slot);
        }
    }

    @Test
    void aViewThatMissesTheCallersCellFindsItAgain() {
        Gate gate = new Gate("stale");
        Cell registered = gate.cellForCurrentThread();
        for (int length = 8; length <= 64; length *= 2) {
            assertSame(registered, gate.cellForCurrentThread(new Cell[length]), "a second cell for the same thread");
        }
    }

    @Test
    void aThreadWhoseGetIdLiesGetsItsOwnCell() throws Exception {
        Gate gate = new Gate("lying");
        int slot = Gates.register(gate);
        try {
            Cell inside = Gates.entrance(slot).enter();
            long insideId = Thread.currentThread().getId();
            AtomicReference<Object> seen = new AtomicReference<>();
            Thread liar = new Thread(() -> {
                Cell cell = Gates.entrance(slot).enter();
                seen.set(cell == null ? "nested" : cell);
                Gates.exit(cell);
            }) {
                @Override
                @SuppressWarnings("deprecation")
                public long getId() {
                    return insideId;
                }
            };
            liar.start();
            liar.join();
            assertNotSame(inside, seen.get(), "the liar counted on the cell of the thread whose id it gave");
            assertTrue(seen.get() instanceof Cell, "the liar's first call was taken for a nested one: " + seen.get());
            assertEquals(1L, gate.inFlight(), "only the caller that did not leave is inside");
            Gates.exit(inside);
            assertEquals(0L, gate.inFlight());
        } finally {
            Gates.release(slot);
        }
    }
}
