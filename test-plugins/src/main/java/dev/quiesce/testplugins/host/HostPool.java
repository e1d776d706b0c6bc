package dev.quiesce.testplugins.host;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** A host's own pool: {@code class HostPool extends ThreadPoolExecutor}. */
public class HostPool extends ThreadPoolExecutor {
    public HostPool(int threads) {
        super(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    }
}
