package dev.quiesce.tomcat.testapi;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Named points where a test holds a thread: {@link #pass} returns at once unless the test {@link #arm}ed the point,
 * in which case it records that a thread arrived and waits until {@link #release} (30 s at most).
 */
public final class Holds {
    private record Hold(CountDownLatch arrived, CountDownLatch release) {
    }

    private static final Map<String, Hold> ARMED = new ConcurrentHashMap<>();

    private Holds() {
    }

    public static void arm(String point) {
        ARMED.put(point, new Hold(new CountDownLatch(1), new CountDownLatch(1)));
    }

    public static void pass(String point) {
        Hold hold = ARMED.get(point);
        if (hold == null) {
            return;
        }
        hold.arrived().countDown();
        try {
            hold.release().await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A task that passes {@code point}, then runs {@code then}: a webapp hands it to its executor so that, while it is
     * held, none of the webapp's code is on the worker's stack (this class is the test's, not the webapp's). What
     * {@code then} throws is recorded as the event {@code "<point> failed: <throwable>"}, from this class's code,
     * which still runs once the webapp's loader has stopped.
     */
    public static Runnable first(String point, Runnable then) {
        return () -> {
            pass(point);
            try {
                then.run();
            } catch (RuntimeException | Error e) {
                Events.add(point + " failed: " + e);
            }
        };
    }

    public static boolean arrived(String point) {
        Hold hold = ARMED.get(point);
        return hold != null && hold.arrived().getCount() == 0;
    }

    public static void release(String point) {
        Hold hold = ARMED.remove(point);
        if (hold != null) {
            hold.release().countDown();
        }
    }
}
