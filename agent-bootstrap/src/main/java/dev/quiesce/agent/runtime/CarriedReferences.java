package dev.quiesce.agent.runtime;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * What a method reference to a carried method in module code ({@code executor::submit},
 * {@code CompletableFuture::supplyAsync}) is made of instead: the {@link CarriedCalls} method of the same name,
 * with the module's slot first, so that the lambda metafactory can capture it ahead of the receiver (it captures a
 * static's leading parameters, exactly typed; {@link ReferenceSites} makes the reference). Each is that
 * {@code CarriedCalls} method, with its contract. Proved by {@code CallSiteRewriterTest} and {@code FanOutTest}.
 */
public final class CarriedReferences {
    private CarriedReferences() {
    }

    public static void execute(int slot, Executor executor, Runnable task) {
        CarriedCalls.execute(executor, task, slot);
    }

    public static Future<?> submit(int slot, ExecutorService executor, Runnable task) {
        return CarriedCalls.submit(executor, task, slot);
    }

    public static <T> Future<T> submit(int slot, ExecutorService executor, Runnable task, T result) {
        return CarriedCalls.submit(executor, task, result, slot);
    }

    public static <T> Future<T> submit(int slot, ExecutorService executor, Callable<T> task) {
        return CarriedCalls.submit(executor, task, slot);
    }

    public static ForkJoinTask<?> submit(int slot, ForkJoinPool pool, Runnable task) {
        return CarriedCalls.submit(pool, task, slot);
    }

    public static <T> ForkJoinTask<T> submit(int slot, ForkJoinPool pool, Runnable task, T result) {
        return CarriedCalls.submit(pool, task, result, slot);
    }

    public static <T> ForkJoinTask<T> submit(int slot, ForkJoinPool pool, Callable<T> task) {
        return CarriedCalls.submit(pool, task, slot);
    }

    public static ScheduledFuture<?> schedule(int slot, ScheduledExecutorService executor, Runnable task, long delay,
                                              TimeUnit unit) {
        return CarriedCalls.schedule(executor, task, delay, unit, slot);
    }

    public static <V> ScheduledFuture<V> schedule(int slot, ScheduledExecutorService executor, Callable<V> task,
                                                  long delay, TimeUnit unit) {
        return CarriedCalls.schedule(executor, task, delay, unit, slot);
    }

    public static <T> List<Future<T>> invokeAll(int slot, ExecutorService executor,
                                                Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return CarriedCalls.invokeAll(executor, tasks, slot);
    }

    public static <T> List<Future<T>> invokeAll(int slot, ExecutorService executor,
                                                Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        return CarriedCalls.invokeAll(executor, tasks, timeout, unit, slot);
    }

    public static <T> T invokeAny(int slot, ExecutorService executor, Collection<? extends Callable<T>> tasks)
            throws InterruptedException, ExecutionException {
        return CarriedCalls.invokeAny(executor, tasks, slot);
    }

    public static <T> T invokeAny(int slot, ExecutorService executor, Collection<? extends Callable<T>> tasks,
                                  long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return CarriedCalls.invokeAny(executor, tasks, timeout, unit, slot);
    }

    public static CompletableFuture<Void> runAsync(int slot, Runnable task) {
        return CompletableFuture.runAsync(task, CarriedCalls.carryingDefault(slot));
    }

    public static CompletableFuture<Void> runAsync(int slot, Runnable task, Executor executor) {
        return CompletableFuture.runAsync(task, CarriedCalls.carrying(executor, slot));
    }

    public static <U> CompletableFuture<U> supplyAsync(int slot, Supplier<U> supplier) {
        return CompletableFuture.supplyAsync(supplier, CarriedCalls.carryingDefault(slot));
    }

    public static <U> CompletableFuture<U> supplyAsync(int slot, Supplier<U> supplier, Executor executor) {
        return CompletableFuture.supplyAsync(supplier, CarriedCalls.carrying(executor, slot));
    }

    public static void start(int slot, Thread thread) {
        CarriedCalls.start(thread, slot);
    }

    public static Thread start(int slot, Object builder, Runnable task) {
        return CarriedCalls.start(builder, task, slot);
    }

    public static Thread startVirtualThread(int slot, Runnable task) {
        return CarriedCalls.startVirtualThread(task, slot);
    }
}
