package dev.quiesce.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quiesce.ModuleInfo;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Threads call a module that fans out through every carried path of {@link FanOutTest} (a thread pool's execute and
 * submit, a one-shot schedule, a fork/join pool, the common pool, CompletableFuture's async methods) and of
 * {@link ThreadCarryTest} (a thread it starts, of {@code Thread} or of an anonymous subclass), and a
 * {@code ForkJoinTask} it hands to a pool or forks, while it is
 * unloaded and redeployed again and again. The module's teardown hook checks that none of its tasks is running, and
 * its tasks that none runs after the teardown: 0 violations; every task of a call that was admitted runs to its
 * end (none is refused half-way); every drain finishes; every old loader is collected.
 */
class FanOutStressTest {
    private static final int GENERATIONS = 10;
    private static final int CALLERS = 3;
    private static final long CALLS_PER_GENERATION = 300;
    private static final String[] KINDS = {"execute", "submit", "schedule", "submitForkJoin", "commonPoolExecute",
        "runAsync", "supplyAsyncOn", "thenApplyAsync", "forkJoinSubmit", "invokeAll", "invokeAny", "submitReference",
        "supplyAsyncReference", "stageThenApplyAsyncOn", "thread", "threadSubclass", "forkJoinExecuteTask",
        "forkFromOutside", "forkOwnTask"};

    private record Generation(String id, Method fanOut) {
    }

    private final AtomicReference<Generation> current = new AtomicReference<>();
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong tasksDone = new AtomicLong();
    private final AtomicInteger violations = new AtomicInteger();
    private final List<String> teardowns = new CopyOnWriteArrayList<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    @Test
    void noTaskRunsDuringOrAfterItsModulesTeardownAndNoneIsRefused() throws Exception {
        ExecutorService pool = FanOutTest.prestarted(Executors.newFixedThreadPool(2));
        ExecutorService scheduler = FanOutTest.prestarted(Executors.newScheduledThreadPool(1));
        ExecutorService forkJoin = new ForkJoinPool(2);
        String previous = deploy();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            int first = i;
            Thread caller = new Thread(() -> callInALoop(first, pool, scheduler, forkJoin), "fanout-stress-" + i);
            caller.setDaemon(true);
            caller.start();
            callers.add(caller);
        }
        List<String> unloaded = new ArrayList<>();
        try {
            for (int generation = 2; generation <= GENERATIONS; generation++) {
                long before = admitted.get();
                await().atMost(Duration.ofSeconds(60)).until(() -> admitted.get() - before >= CALLS_PER_GENERATION
                        || !unexpected.isEmpty());
                assertEquals(List.of(), unexpected, "callers or tasks failed");
                String next = deploy();
                UnloadReport report = Quiesce.unload(previous, Duration.ofSeconds(20));
                assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
                unloaded.add(previous);
                previous = next;
            }
        } finally {
            running = false;
            for (Thread caller : callers) {
                caller.join(10_000);
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> tasksDone.get() == admitted.get()
                || !unexpected.isEmpty());
        assertEquals(List.of(), unexpected, "callers or tasks failed");
        assertEquals(admitted.get(), tasksDone.get(), "every task of an admitted call ran to its end");
        assertEquals(0, violations.get(), "module code ran during or after its module's teardown; teardowns: "
                + teardowns);
        assertEquals(GENERATIONS - 1, teardowns.size(), "one teardown per unload: " + teardowns);
        for (String id : unloaded) {
            ModuleInfo info = Quiesce.module(id).orElseThrow();
            assertEquals(info.entrances(), info.exits(), id + " is balanced: every entrance left");
            assertEquals(0, info.inFlight(), id + ": no carried task left");
        }
        pool.shutdown();
        scheduler.shutdown();
        forkJoin.shutdown();
    }

    private String deploy() throws ReflectiveOperationException {
        URLClassLoader loader = Plugins.newLoader("fanout-stress", true);
        Class<?> fanOut = loader.loadClass(FanOutTest.FAN_OUT);
        Plugins.call(fanOut, "host", (Consumer<String>) teardowns::add, violations);
        Method method = null;
        for (Method m : fanOut.getMethods()) {
            if (m.getName().equals("fanOut")) {
                method = m;
            }
        }
        Generation generation = new Generation(Plugins.moduleId(loader), method);
        current.set(generation);
        return generation.id();
    }

    private void callInALoop(int first, ExecutorService pool, ExecutorService scheduler, ExecutorService forkJoin) {
        Consumer<String> results = result -> tasksDone.incrementAndGet();
        for (int i = first; running; i++) {
            String kind = KINDS[i % KINDS.length];
            Object executor = switch (kind) {
                case "schedule" -> scheduler;
                case "submitForkJoin", "forkJoinSubmit", "forkJoinExecuteTask" -> forkJoin;
                default -> pool;
            };
            try {
                current.get().fanOut().invoke(null, kind.equals("submitForkJoin") ? "submit" : kind, executor, null,
                        null, null, null, results);
                admitted.incrementAndGet();
            } catch (InvocationTargetException e) {
                if (!(e.getCause() instanceof ModuleUnloadedException)) {
                    unexpected.add(e.getCause().toString());
                    return;
                }
            } catch (ReflectiveOperationException | RuntimeException | Error e) {
                unexpected.add(e.toString());
                return;
            }
        }
    }
}
