package dev.quiesce.testplugins.host;

import java.util.concurrent.Executor;

/** A host's own executor interface: {@code interface HostExecutor extends Executor}. */
public interface HostExecutor extends Executor {
    /** A host executor that hands its tasks to {@code executor}. */
    static HostExecutor over(Executor executor) {
        return executor::execute;
    }
}
