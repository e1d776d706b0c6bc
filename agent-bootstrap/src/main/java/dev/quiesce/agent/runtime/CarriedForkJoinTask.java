package dev.quiesce.agent.runtime;

import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RunnableFuture;

/**
 * What {@code ForkJoinPool.submit} returns for a task submitted from inside the module: a {@link ForkJoinTask}
 * that runs counted, as {@link CarriedTask}, as the JDK's own adapter of a {@code Callable} runs it (a checked
 * exception is thrown wrapped in a {@code RuntimeException}). Its carry is released when it is cancelled (by anyone,
 * the pool's {@code shutdownNow} included: the pool cancels through {@link #cancel}) or completed through
 * {@link #complete}/{@link #completeExceptionally} before it started. Not released: {@code quietlyComplete} (final
 * in {@code ForkJoinTask}) before it started; and {@code cancel(true)} does not interrupt it once running (the
 * JDK's adapter does, from JDK 19, for a task submitted from outside the pool). Proved by {@code FanOutTest} and
 * {@code CarriedForkJoinTaskCancelTest} (jcstress: its run racing its cancel lets the carry go once).
 */
final class CarriedForkJoinTask<V> extends ForkJoinTask<V> implements RunnableFuture<V> {
    private final Callable<? extends V> task;
    final Carry carry;
    private V result;

    CarriedForkJoinTask(Callable<? extends V> task, Carry carry) {
        this.task = task;
        this.carry = carry;
    }

    @Override
    protected boolean exec() {
        Cell cell = carry.start();
        try {
            result = task.call();
            return true;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException(e);
        } finally {
            if (cell != null) {
                Carry.finish(cell);
            }
        }
    }

    @Override
    public V getRawResult() {
        return result;
    }

    @Override
    protected void setRawResult(V value) {
        result = value;
    }

    @Override
    public void run() {
        invoke();
    }

    /** A cancel before the start releases the carry; after it, the release does nothing. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (isCancelled()) {
            carry.release();
        }
        return cancelled;
    }

    @Override
    public void complete(V value) {
        super.complete(value);
        carry.release();
    }

    @Override
    public void completeExceptionally(Throwable e) {
        super.completeExceptionally(e);
        carry.release();
    }

    @Override
    public String toString() {
        return "carried " + task;
    }
}
