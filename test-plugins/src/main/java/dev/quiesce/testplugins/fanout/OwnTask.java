package dev.quiesce.testplugins.fanout;

import java.util.concurrent.Callable;
import java.util.concurrent.RecursiveTask;

/** The module's own {@code RecursiveTask}: a call site of its {@code fork()} names this class, not the JDK's. */
final class OwnTask extends RecursiveTask<String> {
    private final Callable<String> task;

    OwnTask(Callable<String> task) {
        this.task = task;
    }

    @Override
    protected String compute() {
        try {
            return task.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
