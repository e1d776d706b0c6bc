package dev.quiesce.testplugins.discovery;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A helper of the plugin that carries no annotation and names no annotated class, so a host can load it, and call
 * it, before the plugin's {@code @Unloadable} class ({@link Plugin}) makes its loader a module. Its calls count
 * themselves in {@link #INSIDE}, so the teardown hook can tell, independently of the agent, whether any is running.
 */
public final class Util {
    static final AtomicInteger INSIDE = new AtomicInteger();
    static volatile boolean tornDown;
    static volatile AtomicInteger violations = new AtomicInteger();
    static volatile Consumer<String> events = e -> { };

    private Util() {
    }

    /** Where the module reports: teardown lines to {@code sink}, calls that ran during or after it to {@code count}. */
    public static void host(Consumer<String> sink, AtomicInteger count) {
        events = sink;
        violations = count;
    }

    /** Holds until {@code release} opens, after counting {@code entered} down. */
    public static String hold(CountDownLatch entered, CountDownLatch release) throws InterruptedException {
        INSIDE.incrementAndGet();
        try {
            if (tornDown) {
                violations.incrementAndGet();
            }
            entered.countDown();
            release.await();
            return "held";
        } finally {
            INSIDE.decrementAndGet();
        }
    }

    /**
     * Returns at once: a call the agent counts once this class is module code; -1 if its probe did not start. The
     * probe's {@code start()}, of a class that is no thread, becomes an {@code invokedynamic} when this class is
     * retransformed (the agent's {@code CallSiteRewriter}), linked to that very method.
     */
    public static int ping() {
        Probe probe = new Probe();
        probe.start();
        return probe.started ? INSIDE.get() : -1;
    }

    /** Not a thread. */
    private static final class Probe {
        private boolean started;

        private void start() {
            started = true;
        }
    }
}
