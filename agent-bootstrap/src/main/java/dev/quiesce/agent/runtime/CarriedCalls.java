package dev.quiesce.agent.runtime;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What module code's submissions to the JDK's executors call instead (the agent rewrites the call sites:
 * {@code CallSiteRewriter}): each takes the receiver and the arguments of the call it replaces, then (for a
 * submission) the module's slot, and carries the task if the calling thread is inside the module
 * ({@link Carry#ifInside}); otherwise it makes the original call unchanged. Only this path allocates (the
 * wrapper, the carry); the per-call path is untouched.
 *
 * <p>Why call sites, and not the JDK's executors as OpenTelemetry's agent instruments them (advice on
 * {@code ThreadPoolExecutor.execute}, {@code ForkJoinPool}, {@code ForkJoinTask.fork}, a context attached to the
 * task in a virtual field, cleaned up when the submission throws): module code is rewritten anyway, so this touches
 * no JDK class, adds nothing to the host's own submissions, and works on any executor, the host's own included. The
 * price is what OpenTelemetry covers and this does not: work the JDK submits for the module (parallel streams,
 * {@code ForkJoinTask.fork}); see the README's Known limits. A context left on a dropped task costs OpenTelemetry
 * nothing; a carry left on one holds the drain until its timeout, hence the release paths below.
 *
 * <p>Contract of each: the task is carried from before the executor sees it until it starts counted on its worker,
 * or until it will not run counted: the executor threw (a rejection), its future was cancelled, or the module's
 * {@code shutdownNow} dropped it. Proved by {@code FanOutTest} (forked JVMs, one test per executor kind and per way
 * a task ends without running) and {@code FanOutStressTest}.
 */
public final class CarriedCalls {
    private CarriedCalls() {
    }

    /** {@code Executor.execute}, on any of the JDK's executors. */
    public static void execute(Executor executor, Runnable task, int slot) {
        execute(executor, task, Gates.gate(slot));
    }

    static void execute(Executor executor, Runnable task, Gate gate) {
        Objects.requireNonNull(executor);
        Carry carry = task == null ? null : Carry.ifInside(gate);
        if (carry == null) {
            executor.execute(task);
            return;
        }
        try {
            executor.execute(new CarriedTask(task, carry));
        } catch (Throwable e) {
            carry.release(); // rejected; were it queued after all, it would run as a new visit
            throw e;
        }
    }

    /** {@code ExecutorService.submit(Runnable)}: the task runs as the executor's {@code execute} runs it. */
    public static Future<?> submit(ExecutorService executor, Runnable task, int slot) {
        return submit(executor, task, null, slot);
    }

    /** {@code ExecutorService.submit(Runnable, T)}. */
    public static <T> Future<T> submit(ExecutorService executor, Runnable task, T result, int slot) {
        Objects.requireNonNull(executor);
        Carry carry = task == null ? null : Carry.ifInside(Gates.gate(slot));
        return carry == null ? executor.submit(task, result)
                : submitted(executor, new CarriedFuture<>(task, result, carry));
    }

    /** {@code ExecutorService.submit(Callable)}. */
    public static <T> Future<T> submit(ExecutorService executor, Callable<T> task, int slot) {
        Objects.requireNonNull(executor);
        Carry carry = task == null ? null : Carry.ifInside(Gates.gate(slot));
        return carry == null ? executor.submit(task) : submitted(executor, new CarriedFuture<>(task, carry));
    }

    private static <T> Future<T> submitted(ExecutorService executor, CarriedFuture<T> future) {
        try {
            executor.execute(future);
        } catch (Throwable e) {
            future.carry.release();
            throw e;
        }
        return future;
    }

    /** {@code ForkJoinPool.submit(Callable)}: what it returns is the carried task, handed to the pool's execute. */
    public static <T> ForkJoinTask<T> submit(ForkJoinPool pool, Callable<T> task, int slot) {
        Objects.requireNonNull(pool);
        Carry carry = task == null ? null : Carry.ifInside(Gates.gate(slot));
        return carry == null ? pool.submit(task) : submitted(pool, new CarriedForkJoinTask<>(task, carry));
    }

    /** {@code ForkJoinPool.submit(Runnable)}. */
    public static ForkJoinTask<?> submit(ForkJoinPool pool, Runnable task, int slot) {
        return submit(pool, task, null, slot);
    }

    /** {@code ForkJoinPool.submit(Runnable, T)}; a task that is a {@code ForkJoinTask} already is not wrapped. */
    public static <T> ForkJoinTask<T> submit(ForkJoinPool pool, Runnable task, T result, int slot) {
        Objects.requireNonNull(pool);
        Carry carry = task == null || task instanceof ForkJoinTask<?> ? null : Carry.ifInside(Gates.gate(slot));
        return carry == null ? pool.submit(task, result)
                : submitted(pool, new CarriedForkJoinTask<>(Executors.callable(task, result), carry));
    }

    private static <T> ForkJoinTask<T> submitted(ForkJoinPool pool, CarriedForkJoinTask<T> task) {
        try {
            pool.execute((ForkJoinTask<?>) task);
        } catch (Throwable e) {
            task.carry.release();
            throw e;
        }
        return task;
    }

    /** {@code ExecutorService.invokeAll}: each task carried, see {@link CarriedInvocations}. */
    public static <T> List<Future<T>> invokeAll(ExecutorService executor, Collection<? extends Callable<T>> tasks,
                                                int slot) throws InterruptedException {
        Objects.requireNonNull(executor);
        Gate gate = Gates.gate(slot);
        return Carry.wouldCarry(gate) ? CarriedInvocations.invokeAll(executor, tasks, gate)
                : executor.invokeAll(tasks);
    }

    /** {@code ExecutorService.invokeAll} with a timeout. */
    public static <T> List<Future<T>> invokeAll(ExecutorService executor, Collection<? extends Callable<T>> tasks,
                                                long timeout, TimeUnit unit, int slot) throws InterruptedException {
        Objects.requireNonNull(executor);
        Gate gate = Gates.gate(slot);
        return Carry.wouldCarry(gate) ? CarriedInvocations.invokeAll(executor, tasks, timeout, unit, gate)
                : executor.invokeAll(tasks, timeout, unit);
    }

    /** {@code ExecutorService.invokeAny}. */
    public static <T> T invokeAny(ExecutorService executor, Collection<? extends Callable<T>> tasks, int slot)
            throws InterruptedException, ExecutionException {
        Objects.requireNonNull(executor);
        Gate gate = Gates.gate(slot);
        if (!Carry.wouldCarry(gate)) {
            return executor.invokeAny(tasks);
        }
        try {
            return CarriedInvocations.invokeAny(executor, tasks, false, 0L, gate);
        } catch (TimeoutException cannotHappen) {
            throw new AssertionError(cannotHappen);
        }
    }

    /** {@code ExecutorService.invokeAny} with a timeout. */
    public static <T> T invokeAny(ExecutorService executor, Collection<? extends Callable<T>> tasks, long timeout,
                                  TimeUnit unit, int slot)
            throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(executor);
        Gate gate = Gates.gate(slot);
        return Carry.wouldCarry(gate) ? CarriedInvocations.invokeAny(executor, tasks, true, unit.toNanos(timeout), gate)
                : executor.invokeAny(tasks, timeout, unit);
    }

    /** {@code ScheduledExecutorService.schedule(Runnable, ...)}: a one-shot task. */
    public static ScheduledFuture<?> schedule(ScheduledExecutorService executor, Runnable task, long delay,
                                              TimeUnit unit, int slot) {
        Objects.requireNonNull(executor);
        Carry carry = task == null ? null : Carry.ifInside(Gates.gate(slot));
        if (carry == null) {
            return executor.schedule(task, delay, unit);
        }
        try {
            return new CarriedScheduledFuture<>(executor.schedule(new CarriedTask(task, carry), delay, unit), carry);
        } catch (Throwable e) {
            carry.release();
            throw e;
        }
    }

    /** {@code ScheduledExecutorService.schedule(Callable, ...)}: a one-shot task. */
    public static <V> ScheduledFuture<V> schedule(ScheduledExecutorService executor, Callable<V> task, long delay,
                                                  TimeUnit unit, int slot) {
        Objects.requireNonNull(executor);
        Carry carry = task == null ? null : Carry.ifInside(Gates.gate(slot));
        if (carry == null) {
            return executor.schedule(task, delay, unit);
        }
        try {
            return new CarriedScheduledFuture<>(executor.schedule(new CarriedCallable<>(task, carry), delay, unit),
                    carry);
        } catch (Throwable e) {
            carry.release();
            throw e;
        }
    }

    /**
     * {@code Thread.start()}: started carried if the calling thread is inside the module, counted in flight until it
     * has ended; see {@link CarriedThreads}. Proved by {@code ThreadCarryTest}.
     */
    public static void start(Thread thread, int slot) {
        Objects.requireNonNull(thread);
        CarriedThreads.start(thread, Gates.gate(slot));
    }

    /**
     * {@code Thread.Builder.start(Runnable)} (JDK 21), whichever builder interface the call site named: the builder's
     * unstarted thread, started as {@link #start(Thread, int)} starts one (the JDK's builders start it the same way).
     */
    public static Thread start(Object builder, Runnable task, int slot) {
        Objects.requireNonNull(builder);
        Thread thread = ThreadBuilders.unstarted(builder, task);
        CarriedThreads.start(thread, Gates.gate(slot));
        return thread;
    }

    /** {@code Thread.startVirtualThread(Runnable)} (JDK 21): a virtual thread of {@code Thread.ofVirtual()}, as it is. */
    public static Thread startVirtualThread(Runnable task, int slot) {
        return start(ThreadBuilders.ofVirtual(), task, slot);
    }

    /** {@code ExecutorService.shutdownNow}: the carried tasks it drops will not run, so their carries are let go. */
    public static List<Runnable> shutdownNow(ExecutorService executor) {
        List<Runnable> dropped = executor.shutdownNow();
        for (Runnable task : dropped) {
            if (task instanceof CarriedTask carried) {
                carried.carry.release();
            } else if (task instanceof CarriedFuture<?> carried) {
                carried.carry.release();
            }
        }
        return dropped;
    }

    /** The executor argument of a {@code CompletableFuture} async method: tasks given to it from inside are carried. */
    public static Executor carrying(Executor executor, int slot) {
        return executor == null ? null : new CarryingExecutor(executor, Gates.gate(slot));
    }

    /** For a {@code CompletableFuture} async method without an executor: its default one, carrying. */
    public static Executor carryingDefault(int slot) {
        return new CarryingExecutor(DefaultExecutor.EXECUTOR, Gates.gate(slot));
    }

    /** {@code CompletableFuture}'s default async executor: the common pool, or a thread per task. */
    private static final class DefaultExecutor {
        static final Executor EXECUTOR = new CompletableFuture<Void>().defaultExecutor();
    }
}
