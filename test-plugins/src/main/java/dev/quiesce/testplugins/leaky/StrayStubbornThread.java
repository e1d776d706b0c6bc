package dev.quiesce.testplugins.leaky;

import dev.quiesce.Unloadable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Starts a thread that never stops, and whose {@code interrupt()} throws an Error: the agent's fix fails. */
@Unloadable("stray-stubborn-thread")
public class StrayStubbornThread {
    public void start() {
        Thread thread = new Stubborn();
        thread.setDaemon(true);
        thread.start();
    }

    private static final class Stubborn extends Thread {
        Stubborn() {
            super("stubborn");
        }

        @Override
        public void interrupt() {
            throw new AssertionError("will not be interrupted");
        }

        @Override
        public void run() {
            while (true) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }
}
