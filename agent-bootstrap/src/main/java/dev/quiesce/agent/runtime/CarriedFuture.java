package dev.quiesce.agent.runtime;

import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * What {@code submit} returns for a task submitted from inside the module: a {@link FutureTask} that runs counted,
 * as {@link CarriedTask}, and releases its carry when it is done without having started (cancelled by anyone,
 * through this future: {@link #done} runs on every completion). For {@code invokeAny} it also joins a queue of
 * completed futures when it is done. Proved by {@code FanOutTest}.
 */
final class CarriedFuture<V> extends FutureTask<V> {
    final Carry carry;
    private final Queue<? super Future<V>> completed;

    CarriedFuture(Callable<V> task, Carry carry) {
        this(task, carry, null);
    }

    CarriedFuture(Callable<V> task, Carry carry, Queue<? super Future<V>> completed) {
        super(task);
        this.carry = carry;
        this.completed = completed;
    }

    CarriedFuture(Runnable task, V result, Carry carry) {
        super(task, result);
        this.carry = carry;
        this.completed = null;
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
        if (completed != null) {
            completed.add(this);
        }
    }
}
