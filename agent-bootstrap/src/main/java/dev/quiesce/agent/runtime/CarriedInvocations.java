package dev.quiesce.agent.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code invokeAll} and {@code invokeAny} called from inside the module, done as {@code AbstractExecutorService}
 * does them over {@code newTaskFor} and {@code execute}, with a {@link CarriedFuture} as the task: each task is
 * carried from its submission, and every task they cancel (a timeout, {@code invokeAny}'s losers, a failure) or
 * never hand to the executor is cancelled through its future, which releases its carry. The executor's own
 * {@code invokeAll}/{@code invokeAny} is bypassed (as its {@code submit} is). Contract of each: it returns or throws
 * what the executor's would, and when it returns or throws, each of its tasks has started counted, or has been
 * cancelled (its carry released). Proved by {@code FanOutTest}.
 */
final class CarriedInvocations {
    private CarriedInvocations() {
    }

    /**
     * A carried task for {@code task}. The caller is counted inside the module for the whole invocation, so the
     * module stays active or draining and {@link Carry#ifInside} gives a carry for each task as for the first.
     */
    private static <T> CarriedFuture<T> carried(Callable<T> task, Gate gate, BlockingQueue<Future<T>> completed) {
        Objects.requireNonNull(task);
        Carry carry = Carry.ifInside(gate);
        if (carry == null) {
            throw new IllegalStateException("the caller left the module during its own invokeAll/invokeAny");
        }
        return new CarriedFuture<>(task, carry, completed);
    }

    static <T> List<Future<T>> invokeAll(ExecutorService executor, Collection<? extends Callable<T>> tasks,
                                         Gate gate) throws InterruptedException {
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        try {
            for (Callable<T> task : tasks) {
                CarriedFuture<T> future = carried(task, gate, null);
                futures.add(future);
                executor.execute(future);
            }
            for (Future<T> future : futures) {
                if (!future.isDone()) {
                    try {
                        future.get();
                    } catch (CancellationException | ExecutionException ignore) {
                        // its outcome is in its future
                    }
                }
            }
            return futures;
        } catch (Throwable e) {
            cancelFrom(futures, 0);
            throw e;
        }
    }

    static <T> List<Future<T>> invokeAll(ExecutorService executor, Collection<? extends Callable<T>> tasks,
                                         long timeout, TimeUnit unit, Gate gate) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        long deadline = System.nanoTime() + nanos;
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        int waited = 0;
        timedOut:
        try {
            for (Callable<T> task : tasks) {
                futures.add(carried(task, gate, null));
            }
            for (int i = 0; i < futures.size(); i++) {
                if ((i == 0 ? nanos : deadline - System.nanoTime()) <= 0L) {
                    break timedOut; // the ones not handed over are cancelled below
                }
                executor.execute((Runnable) futures.get(i));
            }
            for (; waited < futures.size(); waited++) {
                Future<T> future = futures.get(waited);
                if (!future.isDone()) {
                    try {
                        future.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    } catch (CancellationException | ExecutionException ignore) {
                        // its outcome is in its future
                    } catch (TimeoutException e) {
                        break timedOut;
                    }
                }
            }
            return futures;
        } catch (Throwable e) {
            cancelFrom(futures, 0);
            throw e;
        }
        cancelFrom(futures, waited);
        return futures;
    }

    /**
     * {@code invokeAny}, timed or not: hands the tasks over one at a time while none has completed, as
     * {@code AbstractExecutorService.doInvokeAny} does, and cancels all of them once one succeeded or all failed.
     */
    static <T> T invokeAny(ExecutorService executor, Collection<? extends Callable<T>> tasks, boolean timed,
                           long nanos, Gate gate) throws InterruptedException, ExecutionException, TimeoutException {
        int left = tasks.size();
        if (left == 0) {
            throw new IllegalArgumentException("invokeAny of no task");
        }
        List<Future<T>> futures = new ArrayList<>(left);
        BlockingQueue<Future<T>> completed = new LinkedBlockingQueue<>();
        try {
            ExecutionException failure = null;
            long deadline = timed ? System.nanoTime() + nanos : 0L;
            Iterator<? extends Callable<T>> next = tasks.iterator();
            futures.add(handedOver(executor, next.next(), gate, completed));
            left--;
            int active = 1;
            for (;;) {
                Future<T> done = completed.poll();
                if (done == null) {
                    if (left > 0) {
                        left--;
                        futures.add(handedOver(executor, next.next(), gate, completed));
                        active++;
                    } else if (active == 0) {
                        break;
                    } else if (timed) {
                        done = completed.poll(nanos, TimeUnit.NANOSECONDS);
                        if (done == null) {
                            throw new TimeoutException();
                        }
                        nanos = deadline - System.nanoTime();
                    } else {
                        done = completed.take();
                    }
                }
                if (done != null) {
                    active--;
                    try {
                        return done.get();
                    } catch (ExecutionException e) {
                        failure = e;
                    } catch (RuntimeException e) {
                        failure = new ExecutionException(e);
                    }
                }
            }
            throw failure == null ? new ExecutionException("no task of invokeAny completed", null) : failure;
        } finally {
            cancelFrom(futures, 0);
        }
    }

    private static <T> Future<T> handedOver(ExecutorService executor, Callable<T> task, Gate gate,
                                            BlockingQueue<Future<T>> completed) {
        CarriedFuture<T> future = carried(task, gate, completed);
        try {
            executor.execute(future);
        } catch (Throwable e) {
            future.carry.release();
            throw e;
        }
        return future;
    }

    private static <T> void cancelFrom(List<Future<T>> futures, int from) {
        for (int i = from; i < futures.size(); i++) {
            futures.get(i).cancel(true);
        }
    }
}
