package dev.quiesce.agent.runtime;

import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;

/**
 * What {@code submit} returns for a task submitted from inside the module: a {@link FutureTask} that runs counted,
 * as {@link CarriedTask}, and releases its carry when it is done without having started (cancelled by anyone,
 * through this future: {@link #done} runs on every completion). Proved by {@code FanOutTest}.
 */
final class CarriedFuture<V> extends FutureTask<V> {
    final Carry carry;

    CarriedFuture(Callable<V> task, Carry carry) {
        super(task);
        this.carry = carry;
    }

    CarriedFuture(Runnable task, V result, Carry carry) {
        super(task, result);
        this.carry = carry;
    }

    @Override
    public void run() {
        Cell cell = carry.start();
        if (cell == null) {
            super.run();
            return;
        }
        try {
            super.run();
        } finally {
            Carry.finish(cell);
        }
    }

    /** Completion: after a run this finds the carry started and does nothing; after a cancel it releases it. */
    @Override
    protected void done() {
        carry.release();
    }
}
