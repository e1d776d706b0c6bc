package dev.quiesce.testplugins.leaky;

import dev.quiesce.Unloadable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Starts a thread and never stops it; the thread ends when interrupted. */
@Unloadable("stray-thread")
public class StrayThread {
    public void start() {
        Thread thread = new Thread(new Loop(), "stray-poller");
        thread.setDaemon(true);
        thread.start();
    }

    private static final class Loop implements Runnable {
        @Override
        public void run() {
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }
}
