package dev.quiesce.testplugins.leaky;

import dev.quiesce.Unloadable;
import java.util.concurrent.Semaphore;

/** Starts a thread that never stops, and whose {@code interrupt()} throws an Error: the agent's fix fails. */
@Unloadable("stray-stubborn-thread")
public class StrayStubbornThread {
    public void start() throws ReflectiveOperationException {
        Thread thread = new Stubborn();
        thread.setDaemon(true);
        startUncarried(thread);
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

    /**
     * Starts the thread through reflection, which the agent does not carry (README, Known limits), as a thread
     * started by JDK code on the module's behalf is not: a {@code Thread.start()} in module code would carry it, and
     * the drain would wait for it to end instead of the unload finding it left running.
     */
    private static void startUncarried(Thread thread) throws ReflectiveOperationException {
        Thread.class.getMethod("start").invoke(thread);
    }
}
