package dev.quiesce.agent.runtime;

import java.util.concurrent.ForkJoinTask;

/**
 * What a pool runs for a {@link ForkJoinTask} handed over from inside the module ({@link CarriedForks}): the task
 * itself, run counted on the worker ({@code quietlyInvoke}, so its result and exception stay the task's, for its
 * {@code join} and {@code get}), as {@link CarriedForkJoinTask} runs a submitted {@code Callable}. A cancel of this
 * carrier (the pool's {@code shutdownNow}) lets the carry go and cancels the task, as the pool would have cancelled
 * it; a cancel of the task before it ran leaves the carrier to run, find it done and let go at once. Proved by
 * {@code FanOutTest}.
 */
final class CarriedFork extends ForkJoinTask<Void> {
    private final ForkJoinTask<?> task;
    private final Carry carry;

    CarriedFork(ForkJoinTask<?> task, Carry carry) {
        this.task = task;
        this.carry = carry;
    }

    @Override
    protected boolean exec() {
        Cell cell = carry.start();
        try {
            task.quietlyInvoke();
            return true;
        } finally {
            if (cell != null) {
                Carry.finish(cell);
            }
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (isCancelled()) {
            carry.release();
            task.cancel(mayInterruptIfRunning);
        }
        return cancelled;
    }

    @Override
    public Void getRawResult() {
        return null;
    }

    @Override
    protected void setRawResult(Void value) {
    }

    @Override
    public String toString() {
        return "carried " + task;
    }
}
