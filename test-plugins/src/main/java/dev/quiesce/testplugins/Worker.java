package dev.quiesce.testplugins;

import dev.quiesce.OnDrain;
import dev.quiesce.OnResume;
import dev.quiesce.OnUnload;
import dev.quiesce.Quiesce;
import dev.quiesce.Unloadable;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A module class whose entry points cover the shapes the rewrite must handle. Tests reach it by reflection and
 * through JDK types only, as a host reaches a plugin. {@link #ACTIVE} counts bodies running, independently of the
 * agent, so hooks can check that no call is inside.
 */
@Unloadable("worker")
public class Worker {
    private static final AtomicInteger ACTIVE = new AtomicInteger();
    private static volatile Consumer<String> events = e -> { };

    public Worker() {
    }

    /** A constructor that throws after {@code super()}: its exit must still be counted. */
    public Worker(boolean explode) {
        if (explode) {
            throw new IllegalArgumentException("constructor exploded");
        }
    }

    public static void events(Consumer<String> sink) {
        events = sink;
    }

    public int work(AtomicInteger bodyRuns) {
        bodyRuns.incrementAndGet();
        return 42;
    }

    /** Stays inside the module until {@code release} opens. */
    public String hold(CountDownLatch entered, CountDownLatch release) throws InterruptedException {
        ACTIVE.incrementAndGet();
        try {
            entered.countDown();
            release.await();
            return "held";
        } finally {
            ACTIVE.decrementAndGet();
        }
    }

    /** Held inside, then calls into the module again: allowed while draining. */
    public String holdThenNested(CountDownLatch entered, CountDownLatch release) throws InterruptedException {
        entered.countDown();
        release.await();
        return nested();
    }

    public String nested() {
        return "nested";
    }

    /** Calls the host, which may call back into the module. */
    public String callHost(Supplier<String> host) {
        return "host said " + host.get();
    }

    public void fail() {
        throw new IllegalStateException("boom");
    }

    public static long twice(long value) {
        return value * 2;
    }

    public double half(double value) {
        return value / 2;
    }

    public synchronized int locked(int value) {
        return value + 1;
    }

    public int tryFinally(AtomicInteger finallyRuns) {
        try {
            return Integer.parseInt("not a number");
        } catch (NumberFormatException e) {
            return -1;
        } finally {
            finallyRuns.incrementAndGet();
        }
    }

    public void neverReturns() {
        while (true) {
            throw new UnsupportedOperationException("never returns normally");
        }
    }

    /** Asks the agent to unload this module from inside it: must be refused. */
    public String unloadMyself(String module) {
        return Quiesce.unload(module, Duration.ofSeconds(1)).summary();
    }

    @OnDrain
    static void draining() {
        events.accept("onDrain active=" + ACTIVE.get());
    }

    @OnResume
    static void resumed() {
        events.accept("onResume");
    }

    @OnUnload
    static void close() {
        events.accept("onUnload active=" + ACTIVE.get() + " nested=" + new Worker().nested());
    }
}
