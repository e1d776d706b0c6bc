package dev.quiesce.it.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A call into a module held inside it by whatever path {@link #start} is given (a JDK type the host calls: the
 * module code it reaches waits on {@link #release} after counting {@link #entered} down), on a thread of its own.
 * The thread lets go of the path once the call returns.
 */
public final class HeldPath implements AutoCloseable {
    public final CountDownLatch entered = new CountDownLatch(1);
    public final CountDownLatch release = new CountDownLatch(1);
    private final CompletableFuture<Object> result = new CompletableFuture<>();

    /** Calls {@code path} on a new thread and returns once the module code it reaches holds. */
    public void start(Callable<?> path, String threadName) {
        AtomicReference<Callable<?>> held = new AtomicReference<>(path);
        Thread thread = new Thread(() -> {
            try {
                result.complete(held.getAndSet(null).call());
            } catch (Throwable t) {
                result.completeExceptionally(new AssertionError(threadName + " failed: " + t, t));
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> entered.await(0, TimeUnit.MILLISECONDS));
    }

    public void release() {
        release.countDown();
    }

    /** The held call's return value, once released. */
    public Object result() throws Exception {
        return result.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        release();
    }
}
