package dev.quiesce.agent.runtime;

/**
 * A {@link Runnable} handed to an executor from inside the module: it runs counted on its worker, admitted while the
 * module drains, or, if its carry was released first, as a new visit. Proved by {@code FanOutTest}.
 */
final class CarriedTask implements Runnable {
    private final Runnable task;
    final Carry carry;

    CarriedTask(Runnable task, Carry carry) {
        this.task = task;
        this.carry = carry;
    }

    @Override
    public void run() {
        Cell cell = carry.start();
        if (cell == null) {
            task.run();
            return;
        }
        try {
            task.run();
        } finally {
            Carry.finish(cell);
        }
    }

    @Override
    public String toString() {
        return "carried " + task;
    }
}
