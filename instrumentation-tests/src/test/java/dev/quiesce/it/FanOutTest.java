package dev.quiesce.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.Blocker;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * Work a module call hands to an executor after its module started draining is carried: the call completes
 * normally, its task is admitted on the pool's thread, and the drain waits for the task (the teardown hook, which
 * checks that none of the module's code runs, comes after it). A task handed over by a thread that is not inside is
 * refused as any new call; one cancelled, rejected or dropped before it ran does not hold the drain.
 */
class FanOutTest {
    static final String FAN_OUT = "dev.quiesce.testplugins.fanout.FanOut";

    @Test
    void threadPoolExecutorExecute() throws Exception {
        assertCarried("execute", prestarted(Executors.newFixedThreadPool(2)));
    }

    @Test
    void threadPoolExecutorSubmitCallable() throws Exception {
        assertCarried("submit", prestarted(Executors.newFixedThreadPool(2)));
    }

    @Test
    void threadPoolExecutorSubmitRunnable() throws Exception {
        assertCarried("submitRunnable", prestarted(Executors.newFixedThreadPool(2)));
    }

    @Test
    void scheduledThreadPoolExecutorOneShot() throws Exception {
        assertCarried("schedule", prestarted(Executors.newScheduledThreadPool(1)));
    }

    @Test
    void forkJoinPoolThroughExecutorService() throws Exception {
        assertCarried("submit", new ForkJoinPool(2));
    }

    @Test
    void theCommonPool() throws Exception {
        assertCarried("submit", ForkJoinPool.commonPool());
        assertCarried("commonPoolExecute", null);
    }

    @Test
    void completableFutureAsyncMethods() throws Exception {
        assertCarried("runAsync", null);
        assertCarried("supplyAsync", null);
        assertCarried("supplyAsyncOn", prestarted(Executors.newFixedThreadPool(2)));
        assertCarried("thenApplyAsync", null);
    }

    @Test
    void completionStageAsyncMethodThroughTheInterface() throws Exception {
        assertCarried("stageThenApplyAsync", null);
    }

    @Test
    void completionStageAsyncMethodOnAnExecutorThroughTheInterface() throws Exception {
        assertCarried("stageThenApplyAsyncOn", prestarted(Executors.newFixedThreadPool(2)));
    }

    @Test
    void forkJoinPoolSubmitCallable() throws Exception {
        assertCarried("forkJoinSubmit", new ForkJoinPool(2));
    }

    @Test
    void forkJoinPoolSubmitRunnable() throws Exception {
        assertCarried("forkJoinSubmitRunnable", new ForkJoinPool(2));
    }

    @Test
    void forkJoinPoolSubmitRunnableWithResult() throws Exception {
        assertCarried("forkJoinSubmitRunnableResult", new ForkJoinPool(2));
    }

    @Test
    void forkJoinPoolExecute() throws Exception {
        assertCarried("forkJoinExecute", new ForkJoinPool(2));
    }

    @Test
    void aForkJoinTaskHandedToAPool() throws Exception {
        assertCarried("forkJoinExecuteTask", new ForkJoinPool(2));
        assertCarried("forkJoinSubmitTask", new ForkJoinPool(2));
    }

    @Test
    void aForkJoinTaskForkedFromOutsideAPool() throws Exception {
        assertCarried("forkFromOutside", null);
        assertCarried("forkOwnTask", null);
    }

    @Test
    void theCommonPoolAsAForkJoinPool() throws Exception {
        assertCarried("forkJoinSubmit", ForkJoinPool.commonPool());
    }

    @Test
    void aBoundMethodReferenceToSubmit() throws Exception {
        assertCarried("submitReference", prestarted(Executors.newFixedThreadPool(2)));
    }

    @Test
    void anUnboundMethodReferenceToSubmit() throws Exception {
        assertCarried("unboundSubmitReference", prestarted(Executors.newFixedThreadPool(2)));
    }

    @Test
    void aMethodReferenceToExecute() throws Exception {
        assertCarried("executeReference", prestarted(Executors.newFixedThreadPool(2)));
    }

    @Test
    void aMethodReferenceToForkJoinPoolSubmit() throws Exception {
        assertCarried("forkJoinSubmitReference", new ForkJoinPool(2));
    }

    @Test
    void aMethodReferenceToSupplyAsync() throws Exception {
        assertCarried("supplyAsyncReference", null);
    }

    /** Bound on a {@code CompletionStage}, unbound on {@code CompletableFuture}. */
    @Test
    void methodReferencesToTheInstanceAsyncMethods() throws Exception {
        assertCarried("stageThenApplyAsyncReference", null);
        assertCarried("thenRunAsyncReference", null);
    }

    @Test
    void invokeAll() throws Exception {
        assertCarriedWhileWaiting("invokeAll", prestarted(Executors.newFixedThreadPool(2)));
    }

    @Test
    void invokeAllWithATimeout() throws Exception {
        assertCarriedWhileWaiting("invokeAllTimed", prestarted(Executors.newFixedThreadPool(2)));
    }

    @Test
    void invokeAny() throws Exception {
        assertCarriedWhileWaiting("invokeAny", prestarted(Executors.newFixedThreadPool(2)));
    }

    @Test
    void invokeAnyWithATimeout() throws Exception {
        assertCarriedWhileWaiting("invokeAnyTimed", prestarted(Executors.newFixedThreadPool(2)));
    }

    @Test
    void invokeAllAndInvokeAnyOnAForkJoinPool() throws Exception {
        assertCarriedWhileWaiting("invokeAll", new ForkJoinPool(2));
        assertCarriedWhileWaiting("invokeAny", new ForkJoinPool(2));
    }

    @Test
    void tasksAnInvokeAllTimeoutCancelsDoNotHoldTheDrain() throws Exception {
        assertEndsWithoutRunningOnABusyPool("invokeAllTimesOut", "cancelled");
    }

    @Test
    void tasksAnInvokeAnyTimeoutCancelsDoNotHoldTheDrain() throws Exception {
        assertEndsWithoutRunningOnABusyPool("invokeAnyTimesOut", "timed out");
    }

    /**
     * The loser, running or queued when the winner returns, is cancelled: interrupted, or its carry released. The
     * pool is shut down once the call returned: on JDK 25 an idle worker that ran the loser kept the loader
     * reachable past the collection check (the leak scan: no path but the JVM's own, compiled code; see the
     * README's Known limits).
     */
    @Test
    void invokeAnysLoserDoesNotHoldTheDrain() throws Exception {
        ExecutorService pool = prestarted(Executors.newFixedThreadPool(2));
        assertEndsWithoutRunning("invokeAnyLoser", pool, "winner", null, pool::shutdown);
    }

    private static void assertEndsWithoutRunningOnABusyPool(String kind, String returned) throws Exception {
        ExecutorService pool = prestarted(Executors.newFixedThreadPool(1));
        CountDownLatch blocker = new CountDownLatch(1);
        pool.execute(() -> awaitQuietly(blocker)); // the pool's one thread is busy: the module's tasks never run
        assertEndsWithoutRunning(kind, pool, returned, blocker);
        pool.shutdown();
    }

    @Test
    void aCancelledForkJoinPoolSubmissionDoesNotHoldTheDrain() throws Exception {
        ForkJoinPool pool = new ForkJoinPool(1);
        CountDownLatch blocker = new CountDownLatch(1);
        pool.execute(() -> awaitQuietly(blocker)); // the pool's one thread is busy: the module's task stays queued
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.getActiveThreadCount() == 1);
        assertEndsWithoutRunning("forkJoinSubmitThenCancel", pool, "cancelled", blocker);
        pool.shutdown();
    }

    /** The pool's {@code shutdownNow} cancels the carrier of a task handed over: the carry goes, the task is cancelled. */
    @Test
    void aForkJoinTaskAPoolsShutdownNowDropsDoesNotHoldTheDrain() throws Exception {
        ForkJoinPool pool = new ForkJoinPool(1);
        CountDownLatch blocker = new CountDownLatch(1);
        pool.execute(() -> awaitQuietly(blocker)); // the pool's one thread is busy: the module's task stays queued
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.getActiveThreadCount() == 1);
        assertEndsWithoutRunning("forkJoinExecuteTaskThenShutdownNow", pool, "cancelled", blocker);
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void virtualThreadPerTaskExecutor() throws Exception {
        assertCarried("submit", virtualThreadPerTask());
        assertCarried("execute", virtualThreadPerTask());
    }

    @Test
    void tasksHandedOverByThreadsNotInsideAreRefused() throws Exception {
        ExecutorService pool = prestarted(Executors.newFixedThreadPool(1));
        List<String> events = new CopyOnWriteArrayList<>();
        List<String> results = new CopyOnWriteArrayList<>();
        CountDownLatch taskEntered = new CountDownLatch(1);
        CompletableFuture<UnloadReport> unload;
        try (HeldPath held = new HeldPath()) {
            unload = handOverFromOutside(pool, held, taskEntered, results, events);
            assertEquals(1, taskEntered.getCount(), "no task handed over from outside ran");
            held.release();
            assertEquals("none", held.result());
        }
        UnloadReport report = unload.get(30, TimeUnit.SECONDS);
        assertEquals(List.of(), results);
        assertEquals(List.of("onUnload inside=0"), events);
        assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
        pool.shutdown();
    }

    /**
     * While a held call keeps the module draining, the host submits a module task to a pool, and completes a future
     * on which the module registered a {@code thenApplyAsync} stage while active: both are refused.
     */
    private static CompletableFuture<UnloadReport> handOverFromOutside(ExecutorService pool, HeldPath held,
                                                                       CountDownLatch taskEntered,
                                                                       List<String> results, List<String> events)
            throws Exception {
        CompletableFuture<String> stage = new CompletableFuture<>();
        URLClassLoader loader = Plugins.newLoader("fanout-refused", false);
        Class<?> fanOut = loader.loadClass(FAN_OUT);
        Plugins.call(fanOut, "host", (Consumer<String>) events::add, new AtomicInteger());
        Plugins.call(fanOut, "after", stage, taskEntered, (Consumer<String>) results::add);
        Callable<?> task = (Callable<?>) Plugins.call(fanOut, "task", "host's", taskEntered, null,
                (Consumer<String>) results::add);
        held.start(() -> Plugins.call(fanOut, "fanOut", "none", null, held.entered, held.release, null, null,
                (Consumer<String>) results::add), "fanout-refused");
        String id = Plugins.moduleId(loader);
        CompletableFuture<UnloadReport> unload = unloadAsync(id, Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).until(() -> Plugins.info(id).state() == ModuleState.DRAINING);
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> pool.submit(task).get(10, TimeUnit.SECONDS), "the host's submission of a module task");
        assertInstanceOf(ModuleUnloadedException.class, refused.getCause());
        long refusedBefore = Plugins.info(id).refused();
        stage.complete("completed by the host"); // the module's stage fires on this thread, which is not inside
        await().atMost(Duration.ofSeconds(10)).until(() -> Plugins.info(id).refused() > refusedBefore);
        return unload;
    }

    @Test
    void aCancelledSubmissionDoesNotHoldTheDrain() throws Exception {
        ExecutorService pool = prestarted(Executors.newFixedThreadPool(1));
        CountDownLatch blocker = new CountDownLatch(1);
        pool.execute(() -> awaitQuietly(blocker)); // the pool's one thread is busy: the module's task stays queued
        assertEndsWithoutRunning("submitThenCancel", pool, "cancelled", blocker);
        pool.shutdown();
    }

    @Test
    void aCancelledOneShotScheduleDoesNotHoldTheDrain() throws Exception {
        ExecutorService pool = prestarted(Executors.newScheduledThreadPool(1));
        assertEndsWithoutRunning("scheduleThenCancel", pool, "cancelled", null);
        pool.shutdown();
    }

    @Test
    void aRejectedTaskDoesNotHoldTheDrain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(1);
        pool.shutdown();
        assertEndsWithoutRunning("rejected", pool, "rejected", null);
    }

    @Test
    void tasksTheModulesShutdownNowDropsDoNotHoldTheDrain() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        List<String> results = new CopyOnWriteArrayList<>();
        AtomicInteger violations = new AtomicInteger();
        CountDownLatch taskEntered = new CountDownLatch(1);
        String id = startOwnPool(taskEntered, results, events, violations);
        await().atMost(Duration.ofSeconds(10)).until(() -> taskEntered.getCount() == 0);
        UnloadReport report = Quiesce.unload(id, Duration.ofSeconds(10));
        assertEquals(List.of("dropped 1", "onUnload inside=0"), events,
                "@OnDrain's shutdownNow dropped the queued task and interrupted the running one; then the teardown");
        assertEquals(List.of(), results, "no task ran to its end");
        assertEquals(0, violations.get());
        assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
    }

    /** The module starts a pool of its own: one task runs and holds until interrupted, one waits in the queue. */
    private static String startOwnPool(CountDownLatch taskEntered, List<String> results, List<String> events,
                                       AtomicInteger violations) throws Exception {
        URLClassLoader loader = Plugins.newLoader("fanout-own-pool", false);
        Class<?> fanOut = loader.loadClass(FAN_OUT);
        Plugins.call(fanOut, "host", (Consumer<String>) events::add, violations);
        assertEquals("submitted", Plugins.call(fanOut, "fanOut", "ownPool", null, null, null, taskEntered,
                new CountDownLatch(1), (Consumer<String>) results::add));
        return Plugins.moduleId(loader);
    }

    @Test
    void aPeriodicTaskIsNewWorkAtEachRunAndRefusedWhileDraining() throws Exception {
        ScheduledExecutorService scheduler = (ScheduledExecutorService) prestarted(
                Executors.newScheduledThreadPool(1));
        List<String> events = new CopyOnWriteArrayList<>();
        List<String> results = new CopyOnWriteArrayList<>();
        AtomicInteger violations = new AtomicInteger();
        CompletableFuture<UnloadReport> unload;
        try (HeldPath held = new HeldPath()) {
            String id = startPeriodic(scheduler, held, results, events, violations);
            await().atMost(Duration.ofSeconds(10)).until(() -> results.size() >= 2); // it runs while active
            unload = unloadAsync(id, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).until(() -> Plugins.info(id).state() == ModuleState.DRAINING);
            // the next run is refused (and the scheduler then suppresses the rest, as for any run that throws)
            await().atMost(Duration.ofSeconds(10)).until(() -> Plugins.info(id).refused() > 0);
            assertEquals(1, Plugins.info(id).inFlight(),
                    "the drain waits for the held call only, not the periodic task");
            held.release();
            assertEquals("none", held.result());
        }
        UnloadReport report = unload.get(30, TimeUnit.SECONDS);
        assertEquals(List.of("onUnload inside=0"), events);
        assertEquals(0, violations.get(), "no run after the teardown");
        assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
        scheduler.shutdown();
    }

    /** The module schedules a periodic task, then a call of it holds. */
    private static String startPeriodic(ScheduledExecutorService scheduler, HeldPath held, List<String> results,
                                        List<String> events, AtomicInteger violations) throws Exception {
        URLClassLoader loader = Plugins.newLoader("fanout-periodic", false);
        Class<?> fanOut = loader.loadClass(FAN_OUT);
        Plugins.call(fanOut, "host", (Consumer<String>) events::add, violations);
        assertEquals("submitted", Plugins.call(fanOut, "fanOut", "periodic", scheduler, null, null, null, null,
                (Consumer<String>) results::add));
        held.start(() -> Plugins.call(fanOut, "fanOut", "none", null, held.entered, held.release, null, null,
                (Consumer<String>) results::add), "fanout-periodic");
        return Plugins.moduleId(loader);
    }

    @Test
    void aDrainThatTimesOutOnATaskNotStartedNamesIt() throws Exception {
        ScheduledExecutorService scheduler = (ScheduledExecutorService) prestarted(
                Executors.newScheduledThreadPool(1));
        List<String> results = new CopyOnWriteArrayList<>();
        String id = scheduleLater(scheduler, results);
        UnloadReport report = Quiesce.unload(id, Duration.ofMillis(300));
        assertEquals(Outcome.TIMED_OUT, report.outcome(), report.toString());
        assertEquals(List.of("1 task(s) handed to an executor from inside module '" + id + "' have not started yet:"
                + " the drain waits for them. Cancel them, or stop their executor with shutdownNow from the module's"
                + " code (an @OnDrain hook)"), report.blockers().stream().map(Blocker::text).toList());
        assertEquals(null, report.blockers().get(0).thread(), "a task group has no thread");
        assertEquals(ModuleState.ACTIVE, Plugins.info(id).state());
        assertEquals(1, Plugins.info(id).inFlight(), "the task is still carried");
        scheduler.shutdownNow();
    }

    /** The module schedules a task an hour away and leaves. */
    private static String scheduleLater(ScheduledExecutorService scheduler, List<String> results) throws Exception {
        URLClassLoader loader = Plugins.newLoader("fanout-later", false);
        assertEquals("submitted", Plugins.call(loader.loadClass(FAN_OUT), "fanOut", "scheduleLater", scheduler, null,
                null, null, null, (Consumer<String>) results::add));
        return Plugins.moduleId(loader);
    }

    /** A module call that hands {@code kind}'s task over after the drain began; the drain must wait for the task. */
    private static void assertCarried(String kind, ExecutorService executor) throws Exception {
        assertCarried(kind, executor, Plugins.class.getClassLoader());
    }

    /** As above, the module's loader a child of {@code parent}; {@code executor} is shut down if it is a service. */
    static void assertCarried(String kind, Object executor, ClassLoader parent) throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        List<String> results = new CopyOnWriteArrayList<>();
        AtomicInteger violations = new AtomicInteger();
        CountDownLatch taskEntered = new CountDownLatch(1);
        CountDownLatch taskRelease = new CountDownLatch(1);
        CompletableFuture<UnloadReport> unload;
        try (HeldPath held = new HeldPath()) {
            String id = startHeld(kind, executor, parent, held, taskEntered, taskRelease, results, events,
                    violations);
            unload = unloadAsync(id, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).until(() -> Plugins.info(id).state() == ModuleState.DRAINING);
            held.release();
            assertEquals("submitted", held.result(), kind + ": the call that fanned out while draining finished");
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> taskEntered.getCount() == 0);
            } catch (RuntimeException e) {
                throw new AssertionError(kind + ": the task handed over while draining did not run", e);
            }
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !unload.isDone());
            assertTrue(Plugins.info(id).inFlight() > 0, kind + ": the drain counts the task inside");
            assertEquals(List.of(), events, kind + ": no teardown while the task runs");
        } finally {
            taskRelease.countDown();
        }
        UnloadReport report = unload.get(30, TimeUnit.SECONDS);
        assertEquals(List.of(kind + " task"), results, kind + ": the task ran to its end");
        assertEquals(List.of("onUnload inside=0"), events, kind + ": the teardown ran once, after the task");
        assertEquals(0, violations.get(), kind + ": module code ran during or after the teardown");
        assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
        if (executor instanceof ExecutorService service && service != ForkJoinPool.commonPool()) {
            service.shutdown();
        }
    }

    /**
     * A module call that hands {@code kind}'s task over after the drain began and waits for it (invokeAll,
     * invokeAny): the task runs, the call returns its result, and the teardown comes after both.
     */
    private static void assertCarriedWhileWaiting(String kind, ExecutorService executor) throws Exception {
        assertCarriedWhileWaiting(kind, executor, Plugins.class.getClassLoader());
    }

    /** As above, the module's loader a child of {@code parent}. */
    static void assertCarriedWhileWaiting(String kind, ExecutorService executor, ClassLoader parent)
            throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        List<String> results = new CopyOnWriteArrayList<>();
        AtomicInteger violations = new AtomicInteger();
        CountDownLatch taskEntered = new CountDownLatch(1);
        CountDownLatch taskRelease = new CountDownLatch(1);
        CompletableFuture<UnloadReport> unload;
        try (HeldPath held = new HeldPath()) {
            String id = startHeld(kind, executor, parent, held, taskEntered, taskRelease, results, events,
                    violations);
            unload = unloadAsync(id, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).until(() -> Plugins.info(id).state() == ModuleState.DRAINING);
            held.release();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> taskEntered.getCount() == 0);
            } catch (RuntimeException e) {
                throw new AssertionError(kind + ": the task handed over while draining did not run", e);
            }
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !unload.isDone());
            assertTrue(Plugins.info(id).inFlight() >= 2, kind + ": the drain counts the call and its task inside");
            taskRelease.countDown();
            assertEquals(kind + " task", held.result(), kind + ": the call got its task's result");
        } finally {
            taskRelease.countDown();
        }
        UnloadReport report = unload.get(30, TimeUnit.SECONDS);
        assertEquals(List.of(kind + " task"), results, kind + ": the task ran to its end");
        assertEquals(List.of("onUnload inside=0"), events, kind + ": the teardown ran once, after the task");
        assertEquals(0, violations.get(), kind + ": module code ran during or after the teardown");
        assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
        executor.shutdown();
    }

    private static String startHeld(String kind, Object executor, ClassLoader parent, HeldPath held,
                                    CountDownLatch taskEntered, CountDownLatch taskRelease, List<String> results,
                                    List<String> events, AtomicInteger violations) throws Exception {
        URLClassLoader loader = Plugins.newLoader("fanout-" + kind, parent);
        Class<?> fanOut = loader.loadClass(FAN_OUT);
        Plugins.call(fanOut, "host", (Consumer<String>) events::add, violations);
        held.start(() -> Plugins.call(fanOut, "fanOut", kind, executor, held.entered, held.release, taskEntered,
                taskRelease, (Consumer<String>) results::add), "fanout-" + kind);
        return Plugins.moduleId(loader);
    }

    /**
     * A module call that hands {@code kind}'s task over after the drain began, and the task is then cancelled,
     * rejected or dropped: the drain ends and the teardown runs, though the task never ran. Returns the events.
     */
    private static List<String> assertEndsWithoutRunning(String kind, ExecutorService executor, String returned,
                                                         CountDownLatch blocker) throws Exception {
        return assertEndsWithoutRunning(kind, executor, returned, blocker, () -> { });
    }

    /** As above, and {@code returnedThen} runs once the module call has returned. */
    private static List<String> assertEndsWithoutRunning(String kind, ExecutorService executor, String returned,
                                                         CountDownLatch blocker, Runnable returnedThen)
            throws Exception {
        return assertEndsWithoutRunning(kind, executor, Plugins.class.getClassLoader(), returned, blocker,
                returnedThen);
    }

    /** As above, the module's loader a child of {@code parent}. */
    static List<String> assertEndsWithoutRunning(String kind, ExecutorService executor, ClassLoader parent,
                                                 String returned, CountDownLatch blocker, Runnable returnedThen)
            throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        List<String> results = new CopyOnWriteArrayList<>();
        AtomicInteger violations = new AtomicInteger();
        CountDownLatch never = new CountDownLatch(1);
        CompletableFuture<UnloadReport> unload;
        try (HeldPath held = new HeldPath()) {
            String id = startHeld(kind, executor, parent, held, new CountDownLatch(1), never, results, events,
                    violations);
            unload = unloadAsync(id, Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(10)).until(() -> Plugins.info(id).state() != ModuleState.ACTIVE);
            held.release();
            assertEquals(returned, held.result());
            returnedThen.run();
            await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("onUnload inside=0"));
        } finally {
            if (blocker != null) {
                blocker.countDown(); // the cancelled task may now leave the queue, and the loader be collected
            }
        }
        UnloadReport report = unload.get(30, TimeUnit.SECONDS);
        assertEquals(List.of(), results, kind + ": no task ran");
        assertEquals(0, violations.get());
        assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
        return events;
    }

    /** Unloads on a thread of its own: on JDK 25 CompletableFuture's default executor is the common pool under test. */
    private static CompletableFuture<UnloadReport> unloadAsync(String id, Duration timeout) {
        return CompletableFuture.supplyAsync(() -> Quiesce.unload(id, timeout), task -> new Thread(task, "unloader")
                .start());
    }

    static ExecutorService prestarted(ExecutorService pool) {
        ((ThreadPoolExecutor) pool).prestartAllCoreThreads(); // threads the host starts, outside module frames
        return pool;
    }

    static ExecutorService virtualThreadPerTask() throws ReflectiveOperationException {
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
