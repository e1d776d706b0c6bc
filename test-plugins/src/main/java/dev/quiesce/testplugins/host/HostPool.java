package dev.quiesce.testplugins.host;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A host's own pool: {@code class HostPool extends ThreadPoolExecutor}, which overrides {@code submit(Callable)} as a
 * pool that decorates it would (so a method reference to it names this class).
 */
public class HostPool extends ThreadPoolExecutor {
    public HostPool(int threads) {
        super(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return super.submit(task);
    }
}
