package dev.quiesce.agent.runtime;

import java.util.concurrent.Executor;

/**
 * The executor a {@code CompletableFuture} async method of module code gets instead of its own: a task it is given
 * by a thread inside the module (the submitter, or the carried task that completed the stage) is carried; one given
 * by any other thread is passed on as it is, and its module code is a new visit.
 */
final class CarryingExecutor implements Executor {
    private final Executor target;
    private final Gate gate;

    CarryingExecutor(Executor target, Gate gate) {
        this.target = target;
        this.gate = gate;
    }

    @Override
    public void execute(Runnable task) {
        CarriedCalls.execute(target, task, gate);
    }

    @Override
    public String toString() {
        return "carrying " + target;
    }
}
