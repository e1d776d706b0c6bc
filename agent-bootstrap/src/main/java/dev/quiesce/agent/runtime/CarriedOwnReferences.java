package dev.quiesce.agent.runtime;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a method reference in module code to a {@code submit} or one-shot {@code schedule} that narrows its return
 * type ({@code listeningPool::submit}, Guava's {@code ListenableFuture submit(Callable)}) is made of instead, once
 * {@link ReferenceSites} found its receiver type an executor: the {@link CarriedOwnCalls} method of the same name,
 * with the module's slot first, for the lambda metafactory to capture (it casts what the static returns back to the
 * reference's return type). Each is that method, with its contract. Proved by {@code CallSiteRewriterTest} and
 * {@code LibraryExecutorTest} (Guava).
 */
public final class CarriedOwnReferences {
    private CarriedOwnReferences() {
    }

    public static Future<?> submit(int slot, ExecutorService executor, Runnable task) {
        return CarriedOwnCalls.submit(executor, task, slot);
    }

    public static <T> Future<T> submit(int slot, ExecutorService executor, Runnable task, T result) {
        return CarriedOwnCalls.submit(executor, task, result, slot);
    }

    public static <T> Future<T> submit(int slot, ExecutorService executor, Callable<T> task) {
        return CarriedOwnCalls.submit(executor, task, slot);
    }

    public static ScheduledFuture<?> schedule(int slot, ScheduledExecutorService executor, Runnable task, long delay,
                                              TimeUnit unit) {
        return CarriedOwnCalls.schedule(executor, task, delay, unit, slot);
    }

    public static <V> ScheduledFuture<V> schedule(int slot, ScheduledExecutorService executor, Callable<V> task,
                                                  long delay, TimeUnit unit) {
        return CarriedOwnCalls.schedule(executor, task, delay, unit, slot);
    }
}
