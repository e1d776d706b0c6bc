package dev.quiesce.testplugins.fanout;

import dev.quiesce.OnDrain;
import dev.quiesce.OnUnload;
import dev.quiesce.Unloadable;
import dev.quiesce.testplugins.host.HostExecutor;
import dev.quiesce.testplugins.host.HostPool;
import dev.quiesce.testplugins.host.HostScheduler;
import dev.quiesce.testplugins.host.HostWrapper;
import dev.quiesce.testplugins.host.NotAnExecutor;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListeningExecutorService;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A module that hands work to executors from inside a call, after the host's drain may have started: each way of
 * submitting is one {@code kind} of {@link #fanOut}. Its tasks count themselves in {@link #INSIDE}, independently of
 * the agent, so the teardown hook can tell whether any of them is running, and report violations (a task body that
 * runs after the teardown) to the host.
 */
@Unloadable("fanout")
public class FanOut {
    static final AtomicInteger INSIDE = new AtomicInteger();
    static volatile boolean tornDown;
    static volatile AtomicInteger violations = new AtomicInteger();
    static volatile Consumer<String> events = e -> { };
    /** A pool the module owns; {@link #stopPool} shuts it down with shutdownNow when the module drains. */
    static volatile ExecutorService ownPool;

    private FanOut() {
    }

    /** Where the module reports: teardown lines to {@code sink}, task bodies that ran after it to {@code count}. */
    public static void host(Consumer<String> sink, AtomicInteger count) {
        events = sink;
        violations = count;
    }

    /**
     * Holds until {@code release} opens, then submits one task {@code kind}'s way and returns without waiting for
     * it: the task, which holds on {@code taskRelease} (null: it does not hold) and then tells {@code results}, is
     * then the only work of this call still in flight. The {@code invoke*} kinds wait for it, and return its
     * result (or how it ended).
     */
    public static String fanOut(String kind, Object executor, CountDownLatch entered, CountDownLatch release,
                                CountDownLatch taskEntered, CountDownLatch taskRelease, Consumer<String> results)
            throws Exception {
        if (entered != null) {
            entered.countDown();
            release.await();
        }
        Callable<String> task = task(kind, taskEntered, taskRelease, results);
        return submit(kind, executor, task);
    }

    private static String submit(String kind, Object executor, Callable<String> task) throws Exception {
        switch (kind) {
            case "none" -> {
                return "none";
            }
            case "execute" -> ((ExecutorService) executor).execute(() -> call(task));
            case "submit" -> ((ExecutorService) executor).submit(task);
            case "submitRunnable" -> ((ExecutorService) executor).submit((Runnable) () -> call(task));
            case "schedule" -> ((ScheduledExecutorService) executor).schedule(task, 5, TimeUnit.MILLISECONDS);
            case "commonPoolExecute" -> ForkJoinPool.commonPool().execute(() -> call(task));
            case "thread" -> new Thread(() -> call(task)).start();
            case "threadSubclass" -> new Thread(() -> call(task)) { }.start();
            case "runAsync" -> CompletableFuture.runAsync(() -> call(task));
            case "supplyAsync" -> CompletableFuture.supplyAsync(() -> call(task));
            case "supplyAsyncOn" -> CompletableFuture.supplyAsync(() -> call(task), (ExecutorService) executor);
            case "thenApplyAsync" -> CompletableFuture.supplyAsync(() -> "first")
                    .thenApplyAsync(first -> call(task));
            case "forkJoinSubmit" -> ((ForkJoinPool) executor).submit(task);
            case "forkJoinSubmitRunnable" -> ((ForkJoinPool) executor).submit((Runnable) () -> call(task));
            case "forkJoinSubmitRunnableResult" -> ((ForkJoinPool) executor).submit((Runnable) () -> call(task), "r");
            case "forkJoinExecute" -> ((ForkJoinPool) executor).execute((Runnable) () -> call(task));
            case "forkJoinExecuteTask" -> ((ForkJoinPool) executor).execute(ForkJoinTask.adapt(task));
            case "forkJoinSubmitTask" -> ((ForkJoinPool) executor).submit(ForkJoinTask.adapt(task));
            case "forkJoinExecuteTaskThenShutdownNow" -> {
                ForkJoinTask<String> forked = ForkJoinTask.adapt(task);
                ((ForkJoinPool) executor).execute(forked);
                ((ForkJoinPool) executor).shutdownNow();
                return forked.isCancelled() ? "cancelled" : "not cancelled";
            }
            case "forkFromOutside" -> ForkJoinTask.adapt(task).fork();
            case "forkOwnTask" -> new OwnTask(task).fork();
            case "forkJoinSubmitThenCancel" -> {
                ForkJoinTask<String> future = ((ForkJoinPool) executor).submit(task);
                return future.cancel(false) ? "cancelled" : "not cancelled";
            }
            case "stageThenApplyAsync" -> {
                CompletionStage<String> stage = CompletableFuture.completedFuture("first");
                stage.thenApplyAsync(first -> call(task));
            }
            case "stageThenApplyAsyncOn" -> {
                CompletionStage<String> stage = CompletableFuture.completedFuture("first");
                stage.thenApplyAsync(first -> call(task), (Executor) executor);
            }
            case "submitReference" -> {
                Function<Callable<String>, Future<String>> submit = ((ExecutorService) executor)::submit;
                submit.apply(task);
            }
            case "unboundSubmitReference" -> {
                BiFunction<ExecutorService, Callable<String>, Future<String>> submit = ExecutorService::submit;
                submit.apply((ExecutorService) executor, task);
            }
            case "executeReference" -> {
                Consumer<Runnable> execute = ((ThreadPoolExecutor) executor)::execute;
                execute.accept(() -> call(task));
            }
            case "forkJoinSubmitReference" -> {
                Function<Callable<String>, ForkJoinTask<String>> submit = ((ForkJoinPool) executor)::submit;
                submit.apply(task);
            }
            case "supplyAsyncReference" -> {
                Function<Supplier<String>, CompletableFuture<String>> supply = CompletableFuture::supplyAsync;
                supply.apply(() -> call(task));
            }
            case "stageThenApplyAsyncReference" -> {
                CompletionStage<String> stage = CompletableFuture.completedFuture("first");
                Function<Function<String, String>, CompletionStage<String>> apply = stage::thenApplyAsync;
                apply.apply(first -> call(task));
            }
            case "thenRunAsyncReference" -> {
                BiFunction<CompletableFuture<String>, Runnable, CompletableFuture<Void>> run =
                        CompletableFuture::thenRunAsync;
                run.apply(CompletableFuture.completedFuture("first"), () -> call(task));
            }
            case "invokeAll" -> {
                return ((ExecutorService) executor).invokeAll(List.of(task)).get(0).get();
            }
            case "invokeAllTimed" -> {
                return ((ExecutorService) executor).invokeAll(List.of(task), 1, TimeUnit.HOURS).get(0).get();
            }
            case "invokeAny" -> {
                return ((ExecutorService) executor).invokeAny(List.of(task));
            }
            case "invokeAnyTimed" -> {
                return ((ExecutorService) executor).invokeAny(List.of(task), 1, TimeUnit.HOURS);
            }
            case "invokeAllTimesOut" -> {
                Future<String> future = ((ExecutorService) executor).invokeAll(List.of(task), 50,
                        TimeUnit.MILLISECONDS).get(0);
                return future.isCancelled() ? "cancelled" : "not cancelled";
            }
            case "invokeAnyTimesOut" -> {
                try {
                    return ((ExecutorService) executor).invokeAny(List.of(task), 50, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    return "timed out";
                }
            }
            case "invokeAnyLoser" -> { // the loser holds until invokeAny cancels it, running or not yet
                return ((ExecutorService) executor).invokeAny(List.of(task, () -> "winner"));
            }
            case "submitThenCancel" -> {
                Future<String> future = ((ExecutorService) executor).submit(task);
                return future.cancel(false) ? "cancelled" : "not cancelled";
            }
            case "periodic" -> ((ScheduledExecutorService) executor).scheduleAtFixedRate(() -> call(task), 0, 5,
                    TimeUnit.MILLISECONDS); // new work at each run: not carried
            case "scheduleLater" -> ((ScheduledExecutorService) executor).schedule(task, 1, TimeUnit.HOURS);
            case "scheduleThenCancel" -> {
                Future<String> future = ((ScheduledExecutorService) executor).schedule(task, 1, TimeUnit.HOURS);
                return future.cancel(false) ? "cancelled" : "not cancelled";
            }
            case "rejected" -> {
                try {
                    ((ExecutorService) executor).execute(() -> call(task));
                    return "accepted";
                } catch (RejectedExecutionException e) {
                    return "rejected";
                }
            }
            case "hostPoolExecute" -> ((HostPool) executor).execute(() -> call(task));
            case "hostPoolSubmit" -> ((HostPool) executor).submit(task);
            case "hostPoolSubmitThenCancel" -> {
                Future<String> future = ((HostPool) executor).submit(task);
                return future.cancel(false) ? "cancelled" : "not cancelled";
            }
            case "hostSchedule" -> ((HostScheduler) executor).schedule(task, 5, TimeUnit.MILLISECONDS);
            case "hostWrapperSubmit" -> ((HostWrapper) executor).submit(task);
            case "hostWrapperInvokeAll" -> {
                return ((HostWrapper) executor).invokeAll(List.of(task)).get(0).get();
            }
            case "hostExecutorExecute" -> ((HostExecutor) executor).execute(() -> call(task));
            case "hostPoolSubmitReference" -> { // names HostPool, which overrides submit
                Function<Callable<String>, Future<String>> submit = ((HostPool) executor)::submit;
                submit.apply(task);
            }
            case "hostExecutorExecuteReference" -> { // names HostExecutor, which declares execute
                Consumer<Runnable> execute = ((HostExecutor) executor)::execute;
                execute.accept(() -> call(task));
            }
            case "listeningSubmitReference" -> {
                Function<Callable<String>, ListenableFuture<String>> submit =
                        ((ListeningExecutorService) executor)::submit;
                ListenableFuture<String> future = submit.apply(task);
                if (!future.getClass().getName().startsWith("com.google.common.")) {
                    return "not Guava's future: " + future.getClass().getName();
                }
            }
            case "listeningSubmit" -> { // Guava's own submit, whose ListenableFuture the call site gets
                ListenableFuture<String> future = ((ListeningExecutorService) executor).submit(task);
                if (!future.getClass().getName().startsWith("com.google.common.")) {
                    return "not Guava's future: " + future.getClass().getName();
                }
            }
            case "listeningSubmitRejected" -> {
                try {
                    ((ListeningExecutorService) executor).submit(task);
                    return "accepted";
                } catch (RejectedExecutionException e) {
                    return "rejected";
                }
            }
            case "notAnExecutor" -> { // its execute runs the task now, as it was given
                NotAnExecutor other = (NotAnExecutor) executor;
                Runnable runnable = () -> call(task);
                other.execute(runnable);
                return other.last() == runnable ? "called as it was" : "wrapped";
            }
            case "ownPool" -> {
                ExecutorService pool = Executors.newSingleThreadExecutor();
                ownPool = pool;
                pool.execute(() -> call(task)); // runs, holds until interrupted
                pool.execute(() -> call(task)); // queued: dropped by stopPool's shutdownNow
            }
            default -> throw new IllegalArgumentException(kind);
        }
        return "submitted";
    }

    /** A task that stays inside until {@code stage} (a host's future) completes, then runs {@code task}. */
    public static String after(CompletableFuture<String> stage, CountDownLatch taskEntered, Consumer<String> results) {
        Callable<String> task = task("after", taskEntered, null, results);
        stage.thenApplyAsync(value -> call(task));
        return "registered";
    }

    /** A module task as the host may hold it and submit it itself. */
    public static Callable<String> task(String kind, CountDownLatch taskEntered, CountDownLatch taskRelease,
                                        Consumer<String> results) {
        return () -> {
            INSIDE.incrementAndGet();
            try {
                if (tornDown) {
                    violations.incrementAndGet();
                }
                if (taskEntered != null) {
                    taskEntered.countDown();
                }
                if (taskRelease != null) {
                    taskRelease.await();
                }
                results.accept(kind + " task");
                return kind + " task";
            } finally {
                INSIDE.decrementAndGet();
            }
        };
    }

    private static String call(Callable<String> task) {
        try {
            return task.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The module's own pool is stopped as it drains: its running task is interrupted, its queued one dropped. */
    @OnDrain
    static void stopPool() {
        ExecutorService pool = ownPool;
        if (pool != null) {
            events.accept("dropped " + pool.shutdownNow().size());
        }
    }

    @OnUnload
    static void teardown() {
        int inside = INSIDE.get();
        if (inside != 0) {
            violations.incrementAndGet();
        }
        tornDown = true;
        events.accept("onUnload inside=" + inside);
    }
}
