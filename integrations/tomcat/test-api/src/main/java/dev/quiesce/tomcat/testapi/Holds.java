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
