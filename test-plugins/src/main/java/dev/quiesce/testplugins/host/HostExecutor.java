package dev.quiesce.testplugins.host;

import java.util.concurrent.Executor;

/**
 * A host's own executor interface: {@code interface HostExecutor extends Executor}, which declares {@code execute}
 * again, as Spring's {@code TaskExecutor} does (so a method reference to it names this interface).
 */
public interface HostExecutor extends Executor {
    @Override
    void execute(Runnable task);

    /** A host executor that hands its tasks to {@code executor}. */
    static HostExecutor over(Executor executor) {
        return executor::execute;
    }
}
