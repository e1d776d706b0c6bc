package dev.quiesce.testplugins.leaky;

import dev.quiesce.Unloadable;
import java.util.concurrent.Semaphore;

/** Starts a thread that never stops, and whose {@code interrupt()} throws an Error: the agent's fix fails. */
@Unloadable("stray-stubborn-thread")
public class StrayStubbornThread {
    public void start() {
        Thread thread = new Stubborn();
        thread.setDaemon(true);
        thread.start();
    }

    private static final class Stubborn extends Thread {
        /** Waits in JDK code only, ignoring interrupts: no code of the module runs on the thread. */
        Stubborn() {
            super(new Semaphore(0)::acquireUninterruptibly, "stubborn");
        }

        @Override
        public void interrupt() {
            throw new AssertionError("will not be interrupted");
        }
    }
}
