package dev.quiesce.agent.runtime;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What a module's {@code submit} or one-shot {@code schedule} calls instead when the call site's receiver type
 * overrides it with a narrower return type (Guava's {@code ListeningExecutorService.submit} returns a
 * {@code ListenableFuture}; linked by {@link ExecutorSites}): the receiver's own method, with the task wrapped as
 * {@link CarriedCalls} wraps it, returning what that method returned, so the call site gets the type it expects.
 * Contract: as {@link CarriedCalls}', but for one release path: the future is the executor's, not the agent's, so a
 * cancel before the task started does not let the carry go (the drain waits for it until its timeout; see the
 * README's Known limits). Proved by {@code CallSiteRewriterTest} and {@code LibraryExecutorTest} (Guava).
 */
public final class CarriedOwnCalls {
    private CarriedOwnCalls() {
    }

    /** {@code submit(Runnable)}. */
    public static Future<?> submit(ExecutorService executor, Runnable task, int slot) {
        Objects.requireNonNull(executor);
        return carried(task, slot, CarriedTask::new, executor::submit);
    }

    /** {@code submit(Runnable, T)}. */
    public static <T> Future<T> submit(ExecutorService executor, Runnable task, T result, int slot) {
        Objects.requireNonNull(executor);
        return carried(task, slot, CarriedTask::new, carriedTask -> executor.submit(carriedTask, result));
    }

    /** {@code submit(Callable)}. */
    public static <T> Future<T> submit(ExecutorService executor, Callable<T> task, int slot) {
        Objects.requireNonNull(executor);
        return carried(task, slot, CarriedCallable::new, executor::submit);
    }

    /** {@code schedule(Runnable, ...)}: a one-shot task. */
    public static ScheduledFuture<?> schedule(ScheduledExecutorService executor, Runnable task, long delay,
                                              TimeUnit unit, int slot) {
        Objects.requireNonNull(executor);
        return carried(task, slot, CarriedTask::new, carriedTask -> executor.schedule(carriedTask, delay, unit));
    }

    /** {@code schedule(Callable, ...)}: a one-shot task. */
    public static <V> ScheduledFuture<V> schedule(ScheduledExecutorService executor, Callable<V> task, long delay,
                                                  TimeUnit unit, int slot) {
        Objects.requireNonNull(executor);
        return carried(task, slot, CarriedCallable::new, carriedTask -> executor.schedule(carriedTask, delay, unit));
    }

    /**
     * Hands {@code task} over with {@code handOver}: wrapped with its carry if the caller is inside the module in
     * {@code slot}, else as it is (null included, for the executor to reject). A hand-over that throws (rejected)
     * lets the carry go; were the task queued after all, it would run as a new visit.
     */
    private static <T, R> R carried(T task, int slot, BiFunction<T, Carry, ? extends T> wrap,
                                    Function<T, R> handOver) {
        Carry carry = task == null ? null : Carry.ifInside(Gates.gate(slot));
        if (carry == null) {
            return handOver.apply(task);
        }
        try {
            return handOver.apply(wrap.apply(task, carry));
        } catch (Throwable e) {
            carry.release();
            throw e;
        }
    }
}
