package dev.quiesce.pf4j.plugins.leaky;

import dev.quiesce.pf4j.testapi.Lifecycle;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.SynchronousQueue;
import org.pf4j.Plugin;

/** Starts a thread and registers a JDBC driver; stop() forgets both, so each holds the plugin's class loader. */
public class LeakyPlugin extends Plugin {
    @Override
    public void start() {
        Thread poller = new Thread(new Poller(), "leaky-poller");
        poller.setDaemon(true);
        startUncarried(poller);
        try {
            DriverManager.registerDriver(new LeakyDriver());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        Lifecycle.stopped("leaky", 0);
    }

    /**
     * Starts the thread through reflection, which Quiesce's agent does not carry (its README, Known limits), as a
     * thread started by JDK code on the module's behalf is not: a {@code Thread.start()} here would carry it, and the
     * drain would wait for it to end instead of the unload finding it left running.
     */
    private static void startUncarried(Thread thread) {
        try {
            Thread.class.getMethod("start").invoke(thread);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits in JDK code only ({@code FutureTask.run} calls {@code SynchronousQueue.take}), until interrupted: a loop
     * in the plugin's own code would be a call inside it, which a drain waits for.
     */
    private static final class Poller extends FutureTask<Object> {
        Poller() {
            super(new SynchronousQueue<Object>()::take);
        }
    }
}
