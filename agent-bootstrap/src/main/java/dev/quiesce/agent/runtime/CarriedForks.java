package dev.quiesce.agent.runtime;

import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * What module code's hand-overs of a {@link ForkJoinTask} call instead ({@link ForkJoinSites} links them):
 * {@code fork()}, and {@code ForkJoinPool.execute} and {@code submit} of a task. From inside the module, the task is
 * carried as a submitted {@code Callable} is ({@link CarriedCounts}): the pool gets a {@link CarriedFork}, which runs
 * the task counted, and the caller keeps the task, whose {@code join}, {@code get} and {@code cancel} work as
 * before. Left as they are: hand-overs by a thread outside the module, and by a worker of the pool the task goes to
 * (a worker's {@code fork()} always is): a worker's later {@code join} runs a task still in its own queue itself,
 * which it could not do for the carrier. Such a task is admitted while the module drains only while a call waits
 * on fork/join work ({@link ForkJoinWaits}).
 */
public final class CarriedForks {
    private CarriedForks() {
    }

    /** {@code task.fork()}: into the pool of the calling worker, else the common pool. Returns {@code task}. */
    public static ForkJoinTask<?> fork(ForkJoinTask<?> task, int slot) {
        Objects.requireNonNull(task);
        if (!ForkJoinTask.inForkJoinPool()) {
            Carry carry = Carry.ifInside(Gates.gate(slot));
            if (carry != null) {
                handOver(ForkJoinPool.commonPool(), new CarriedFork(task, carry), carry);
                return task;
            }
        }
        return task.fork();
    }

    /** {@code pool.execute(task)}. */
    public static void execute(ForkJoinPool pool, ForkJoinTask<?> task, int slot) {
        Objects.requireNonNull(pool);
        Carry carry = task == null || ForkJoinTask.getPool() == pool ? null : Carry.ifInside(Gates.gate(slot));
        if (carry == null) {
            pool.execute(task);
        } else {
            handOver(pool, new CarriedFork(task, carry), carry);
        }
    }

    /** {@code pool.submit(task)}: returns {@code task}, as the pool does. */
    public static <T> ForkJoinTask<T> submit(ForkJoinPool pool, ForkJoinTask<T> task, int slot) {
        execute(pool, task, slot);
        return task;
    }

    private static void handOver(ForkJoinPool pool, CarriedFork fork, Carry carry) {
        try {
            pool.execute(fork);
        } catch (Throwable e) {
            carry.release(); // rejected (a pool shut down): the task did not go anywhere
            throw e;
        }
    }
}
