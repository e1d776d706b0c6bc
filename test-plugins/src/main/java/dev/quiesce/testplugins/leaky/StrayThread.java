package dev.quiesce.testplugins.leaky;

import dev.quiesce.Unloadable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.SynchronousQueue;

/** Starts a thread and never stops it; the thread ends when interrupted. */
@Unloadable("stray-thread")
public class StrayThread {
    public void start() {
        Thread thread = new Thread(new Loop(), "stray-poller");
        thread.setDaemon(true);
        thread.start();
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
}
