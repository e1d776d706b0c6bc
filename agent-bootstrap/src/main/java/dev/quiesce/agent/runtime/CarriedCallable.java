package dev.quiesce.agent.runtime;

import java.util.concurrent.Callable;

/** A {@link Callable} scheduled from inside the module: as {@link CarriedTask}, for a value. */
final class CarriedCallable<V> implements Callable<V> {
    private final Callable<V> task;
    final Carry carry;

    CarriedCallable(Callable<V> task, Carry carry) {
        this.task = task;
        this.carry = carry;
    }

    @Override
    public V call() throws Exception {
        Cell cell = carry.start();
        if (cell == null) {
            return task.call();
        }
        try {
            return task.call();
        } finally {
            Carry.finish(cell);
        }
    }
}
