package dev.quiesce.agent.runtime;

import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What {@code schedule} returns for a one-shot task scheduled from inside the module: a cancel releases the carry. */
final class CarriedScheduledFuture<V> implements ScheduledFuture<V> {
    private final ScheduledFuture<V> scheduled;
    private final Carry carry;

    CarriedScheduledFuture(ScheduledFuture<V> scheduled, Carry carry) {
        this.scheduled = scheduled;
        this.carry = carry;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = scheduled.cancel(mayInterruptIfRunning);
        if (scheduled.isCancelled()) {
            carry.release(); // does nothing if the task had started
        }
        return cancelled;
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return scheduled.getDelay(unit);
    }

    @Override
    public int compareTo(Delayed other) {
        return scheduled.compareTo(other instanceof CarriedScheduledFuture<?> carried ? carried.scheduled : other);
    }

    @Override
    public boolean isCancelled() {
        return scheduled.isCancelled();
    }

    @Override
    public boolean isDone() {
        return scheduled.isDone();
    }

    @Override
    public V get() throws InterruptedException, ExecutionException {
        return scheduled.get();
    }

    @Override
    public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        return scheduled.get(timeout, unit);
    }
}
