package dev.quiesce.testplugins.virtual;

import dev.quiesce.OnUnload;
import dev.quiesce.Unloadable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A module a server calls on a virtual thread per request. A request counts itself in {@link #INSIDE} and may hold
 * until {@code release} opens (null latches: it does not hold); then it makes nested calls, into a method of its own
 * class and one of another class, or hands one to an executor and waits for it. The teardown hook checks,
 * independently of the agent, that none of it is running, and any code of it that runs after the teardown counts a
 * violation.
 */
@Unloadable("requests")
public class Requests {
    static final AtomicInteger INSIDE = new AtomicInteger();
    static volatile boolean tornDown;
    static volatile AtomicInteger violations = new AtomicInteger();

    private Requests() {
    }

    /** Where the module reports calls that ran during or after its teardown. */
    public static void host(AtomicInteger count) {
        violations = count;
    }

    /** A request whose nested calls are direct ones. */
    public static String handle(CountDownLatch entered, CountDownLatch release) throws InterruptedException {
        INSIDE.incrementAndGet();
        try {
            hold(entered, release);
            return nested() + " " + Replies.reply();
        } finally {
            INSIDE.decrementAndGet();
        }
    }

    /** A request that hands its nested call to {@code pool} and waits for it. */
    public static String fanOut(CountDownLatch entered, CountDownLatch release, ExecutorService pool)
            throws Exception {
        INSIDE.incrementAndGet();
        try {
            hold(entered, release);
            Future<String> task = pool.submit(Requests::nested);
            return task.get();
        } finally {
            INSIDE.decrementAndGet();
        }
    }

    public static String nested() {
        INSIDE.incrementAndGet();
        try {
            check();
            return "nested";
        } finally {
            INSIDE.decrementAndGet();
        }
    }

    static void check() {
        if (tornDown) {
            violations.incrementAndGet();
        }
    }

    private static void hold(CountDownLatch entered, CountDownLatch release) throws InterruptedException {
        check();
        if (entered != null) {
            entered.countDown();
            release.await();
        }
    }

    @OnUnload
    static void unloaded() {
        if (INSIDE.get() != 0) {
            violations.incrementAndGet();
        }
        tornDown = true;
    }
}
