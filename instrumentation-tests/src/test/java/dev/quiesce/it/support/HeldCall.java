package dev.quiesce.it.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A call held inside a module method ({@code hold} or {@code holdThenNested}) on a thread of its own. The thread
 * lets go of the module object once the call returns (a terminated thread keeps its task).
 */
public final class HeldCall implements AutoCloseable {
    private final CountDownLatch release = new CountDownLatch(1);
    private final CompletableFuture<Object> result = new CompletableFuture<>();

    private HeldCall(Object target, String method, String threadName) {
        CountDownLatch entered = new CountDownLatch(1);
        AtomicReference<Object> module = new AtomicReference<>(target);
        Thread thread = new Thread(() -> {
            try {
                result.complete(Plugins.call(module.getAndSet(null), method, entered, release));
            } catch (Throwable t) {
                result.completeExceptionally(new AssertionError(method + " failed: " + t));
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> entered.await(0, TimeUnit.MILLISECONDS));
    }

    static HeldCall start(Object target, String method, String threadName) {
        return new HeldCall(target, method, threadName);
    }

    public void release() {
        release.countDown();
    }

    /** The held method's return value, once released. */
    public Object result() throws Exception {
        return result.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        release();
    }
}
