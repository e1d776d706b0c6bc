package dev.quiesce.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quiesce.ModuleState;
import dev.quiesce.ModuleUnloadedException;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import dev.quiesce.it.support.HeldPath;
import dev.quiesce.it.support.Plugins;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A module call that, after its module started draining, splits work the fork/join way and waits for it: the
 * workers' first calls into the module (a parallel stream's lambda, a {@code RecursiveTask}'s {@code compute}) are
 * admitted, the call returns its whole result, and the teardown comes after it. A worker's first call while no call
 * of the module waits on fork/join work is a new visit, refused. The module's elements wait for a worker's, so
 * every kind has a worker enter while the module drains.
 */
class ParallelWorkTest {
    static final String PARALLEL_WORK = "dev.quiesce.testplugins.forkjoin.ParallelWork";

    @ParameterizedTest
    @ValueSource(strings = {"intStream", "collection", "parallelSetAll", "poolInvoke", "invokeOnAWorker"})
    void workTheCallWaitsForIsAdmittedWhileDraining(String kind) throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        AtomicInteger violations = new AtomicInteger();
        CompletableFuture<UnloadReport> unload;
        ForkJoinPool pool = new ForkJoinPool(2);
        try (HeldPath held = new HeldPath()) {
            String id = startHeld(kind, pool, held, events, violations);
            unload = unloadAsync(id);
            await().atMost(Duration.ofSeconds(10)).until(() -> Plugins.info(id).state() == ModuleState.DRAINING);
            held.release();
            assertEquals(120, held.result(), kind + ": the call's fork/join work ran whole while draining");
        } finally {
            pool.shutdown();
        }
        UnloadReport report = unload.get(30, TimeUnit.SECONDS);
        assertEquals(List.of("onUnload inside=0"), events, kind + ": the teardown ran once, after the work");
        assertEquals(0, violations.get(), kind + ": module code ran during or after the teardown");
        assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
    }

    @Test
    void aWorkersFirstCallWithNoCallWaitingIsRefused() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        List<String> results = new CopyOnWriteArrayList<>();
        CompletableFuture<UnloadReport> unload;
        try (HeldPath held = new HeldPath()) {
            unload = refuseAHostTaskOnAWorker(held, events, results);
            held.release();
            assertEquals(120, held.result());
        }
        assertEquals(Outcome.COLLECTED, unload.get(30, TimeUnit.SECONDS).outcome());
        assertEquals(List.of(), results);
        assertEquals(List.of("onUnload inside=0"), events);
    }

    /**
     * While a call of the module holds before its fork/join work, so that none waits on any, the host hands a task
     * of the module to the common pool: its worker's first call into the module is refused.
     */
    private static CompletableFuture<UnloadReport> refuseAHostTaskOnAWorker(HeldPath held, List<String> events,
                                                                           List<String> results) throws Exception {
        URLClassLoader loader = Plugins.newLoader("parallel-refused", false);
        Class<?> work = loader.loadClass(PARALLEL_WORK);
        Plugins.call(work, "host", (Consumer<String>) events::add, new AtomicInteger());
        Runnable hostTask = (Runnable) Plugins.call(work, "hostTask", results);
        held.start(() -> Plugins.call(work, "run", "intStream", null, held.entered, held.release), "parallel-held");
        String id = Plugins.moduleId(loader);
        CompletableFuture<UnloadReport> unload = unloadAsync(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> Plugins.info(id).state() == ModuleState.DRAINING);
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> ForkJoinPool.commonPool().submit(hostTask).get(10, TimeUnit.SECONDS),
                "the host's task on a common-pool worker while the held call waits on no fork/join work");
        assertInstanceOf(ModuleUnloadedException.class, refused.getCause());
        return unload;
    }

    /** A call of the module that holds (before its fork/join work) on a thread of its own. */
    private static String startHeld(String kind, ForkJoinPool pool, HeldPath held, List<String> events,
                                    AtomicInteger violations) throws Exception {
        URLClassLoader loader = Plugins.newLoader("parallel-" + kind, false);
        Class<?> work = loader.loadClass(PARALLEL_WORK);
        Plugins.call(work, "host", (Consumer<String>) events::add, violations);
        held.start(() -> Plugins.call(work, "run", kind, pool, held.entered, held.release), "parallel-" + kind);
        return Plugins.moduleId(loader);
    }

    private static CompletableFuture<UnloadReport> unloadAsync(String id) {
        return CompletableFuture.supplyAsync(() -> Quiesce.unload(id, Duration.ofSeconds(30)),
                task -> new Thread(task, "unloader").start());
    }
}
