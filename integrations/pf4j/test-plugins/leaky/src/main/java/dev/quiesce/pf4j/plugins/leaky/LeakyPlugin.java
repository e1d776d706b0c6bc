package dev.quiesce.pf4j.plugins.leaky;

import dev.quiesce.pf4j.testapi.Lifecycle;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.pf4j.Plugin;

/** Starts a thread and registers a JDBC driver; stop() forgets both, so each holds the plugin's class loader. */
public class LeakyPlugin extends Plugin {
    @Override
    public void start() {
        Thread poller = new Thread(LeakyPlugin::poll, "leaky-poller");
        poller.setDaemon(true);
        poller.start();
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

    /** Polls until interrupted. */
    private static void poll() {
        try {
            while (true) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
