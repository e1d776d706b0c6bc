package dev.quiesce.testplugins;

import dev.quiesce.OnDrain;
import dev.quiesce.Unloadable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A module with a background thread that lives inside an entry point ({@link #run()}), as pollers and schedulers
 * do (the host starts the thread, outside module frames). Its {@code @OnDrain} hook tells the thread to leave, so an unload does not wait for it until the
 * timeout.
 */
@Unloadable("ticker")
public class Ticker implements Runnable {
    private static final AtomicLong TICKS = new AtomicLong();
    private static volatile boolean stopping;
    private static volatile Thread thread;

    public static long ticks() {
        return TICKS.get();
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        while (!stopping) {
            TICKS.incrementAndGet();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @OnDrain
    static void stopTicking() {
        stopping = true;
        Thread ticking = thread;
        if (ticking != null) {
            LockSupport.unpark(ticking);
        }
    }
}
