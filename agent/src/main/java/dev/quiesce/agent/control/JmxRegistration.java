package dev.quiesce.agent.control;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers the control MXBean on a daemon thread, so the hundreds of milliseconds the platform MBean server takes
 * to start are not spent on the agent's start-up path. Registering twice is harmless.
 */
public final class JmxRegistration {
    private static final System.Logger LOG = System.getLogger("dev.quiesce");

    private JmxRegistration() {
    }

    public static void registerInBackground() {
        Thread thread = new Thread(JmxRegistration::register, "quiesce-jmx-registration");
        thread.setDaemon(true);
        thread.start();
    }

    static void register() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(ModuleControlMXBean.OBJECT_NAME);
            if (!server.isRegistered(name)) {
                server.registerMBean(new ModuleControl(), name);
            }
        } catch (JMException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "quiesce: could not register " + ModuleControlMXBean.OBJECT_NAME
                    + " (" + e + "); the Java API still works", e);
        }
    }
}
