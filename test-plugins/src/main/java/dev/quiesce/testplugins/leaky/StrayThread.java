package dev.quiesce.testplugins.leaky;

import dev.quiesce.Unloadable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.SynchronousQueue;

/** Starts a thread and never stops it; the thread ends when interrupted. */
@Unloadable("stray-thread")
public class StrayThread {
    public void start() throws ReflectiveOperationException {
        Thread thread = new Thread(new Loop(), "stray-poller");
        thread.setDaemon(true);
        startUncarried(thread);
    }

    /**
     * Waits in JDK code only ({@code FutureTask.run} calls {@code SynchronousQueue.take} through a method reference),
     * so no code of the module runs on the thread: a loop in the module's own code would be a call inside it, which
     * the drain waits for. Ends when interrupted.
     */
    private static final class Loop extends FutureTask<Object> {
        Loop() {
            super(new SynchronousQueue<Object>()::take);
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
