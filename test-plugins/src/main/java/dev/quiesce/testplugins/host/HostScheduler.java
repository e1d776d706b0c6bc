package dev.quiesce.testplugins.host;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/** A host's own scheduler: {@code class HostScheduler extends ScheduledThreadPoolExecutor}. */
public class HostScheduler extends ScheduledThreadPoolExecutor {
    public HostScheduler(int threads) {
        super(threads);
    }
}
