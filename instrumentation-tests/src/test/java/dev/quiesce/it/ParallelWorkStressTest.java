package dev.quiesce.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.ModuleUnloadedException;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import dev.quiesce.it.support.Plugins;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Threads call a module whose calls split their work the fork/join way ({@link ParallelWorkTest}'s kinds: parallel
 * streams, {@code Arrays.parallelSetAll}, a module's {@code RecursiveTask} invoked from outside a pool and on one of
 * its workers) while it is unloaded and redeployed again and again. A call is refused at its entrance or runs to its
 * end with the whole sum: no admitted call's work fails half-way on a worker, though drains begin while calls are
 * inside; the teardown hook sees none of the
 * module's elements running, and none runs after it; every old loader is collected.
 */
class ParallelWorkStressTest {
    private static final int GENERATIONS = 10;
    private static final int CALLERS = 2;
    private static final long CALLS_PER_GENERATION = 200;
    private static final String[] KINDS = {"intStream", "collection", "parallelSetAll", "poolInvoke",
        "invokeOnAWorker"};

    private record Generation(String id, Method sum) {
    }

    private final AtomicReference<Generation> current = new AtomicReference<>();
    private final AtomicLong returned = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicInteger failedHalfWay = new AtomicInteger();
    private final AtomicInteger violations = new AtomicInteger();
    private final List<String> teardowns = new CopyOnWriteArrayList<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    @Test
    void noAdmittedCallsForkJoinWorkFailsAndNoneRunsAfterTheTeardown() throws Exception {
        ForkJoinPool pool = new ForkJoinPool(2);
        String previous = deploy();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            int first = i;
            Thread caller = new Thread(() -> callInALoop(first, pool), "parallel-stress-" + i);
            caller.setDaemon(true);
            caller.start();
            callers.add(caller);
        }
        List<String> unloaded = new ArrayList<>();
        long drainedWithCallsInside = 0;
        try {
            for (int generation = 2; generation <= GENERATIONS; generation++) {
                long before = returned.get();
                await().atMost(Duration.ofSeconds(60)).until(() -> returned.get() - before >= CALLS_PER_GENERATION
                        || !unexpected.isEmpty());
                assertEquals(List.of(), unexpected, "callers failed");
                String next = deploy();
                UnloadReport report = Quiesce.unload(previous, Duration.ofSeconds(20));
                assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
                drainedWithCallsInside += report.inFlightAtStart() > 0 ? 1 : 0;
                unloaded.add(previous);
                previous = next;
            }
        } finally {
            running = false;
            for (Thread caller : callers) {
                caller.join(10_000);
            }
            pool.shutdown();
        }
        assertEquals(List.of(), unexpected, "callers failed");
        assertEquals(0, failedHalfWay.get(), "admitted calls whose fork/join work failed half-way (" + returned.get()
                + " returned, " + refused.get() + " refused, at the entrance or half-way)");
        assertEquals(0, violations.get(), "module code ran during or after its module's teardown: " + teardowns);
        assertEquals(GENERATIONS - 1, teardowns.size(), "one teardown per unload: " + teardowns);
        assertTrue(drainedWithCallsInside > 0, "some drains began with calls inside");
        Plugins.assertBalanced(unloaded);
    }

    private String deploy() throws ReflectiveOperationException {
        URLClassLoader loader = Plugins.newLoader("parallel-stress", true);
        Class<?> work = loader.loadClass(ParallelWorkTest.PARALLEL_WORK);
        Plugins.call(work, "host", (Consumer<String>) teardowns::add, violations);
        Generation generation = new Generation(Plugins.moduleId(loader),
                work.getMethod("sum", String.class, ForkJoinPool.class, AtomicInteger.class));
        current.set(generation);
        return generation.id();
    }

    private void callInALoop(int first, ForkJoinPool pool) {
        for (int i = first; running; i++) {
            String kind = KINDS[i % KINDS.length];
            try {
                Object sum = current.get().sum().invoke(null, kind, pool, failedHalfWay);
                if (!Integer.valueOf(120).equals(sum)) {
                    unexpected.add(kind + " returned " + sum);
                    return;
                }
                returned.incrementAndGet();
            } catch (InvocationTargetException e) {
                if (!(e.getCause() instanceof ModuleUnloadedException)) {
                    unexpected.add(kind + ": " + e.getCause());
                    return;
                }
                refused.incrementAndGet(); // at the entrance, or half-way, which failedHalfWay counts
            } catch (ReflectiveOperationException | RuntimeException | Error e) {
                unexpected.add(e.toString());
                return;
            }
        }
    }
}
