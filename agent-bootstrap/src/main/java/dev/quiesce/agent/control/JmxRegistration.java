package dev.quiesce.agent.control;

import dev.quiesce.agent.unload.AgentLog;
import dev.quiesce.agent.unload.AgentBackend;
import dev.quiesce.agent.unload.Unloader;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers the control MXBean in the platform MBean server, and has the unloader send its notifications.
 * Registering twice is harmless.
 */
public final class JmxRegistration {

    private JmxRegistration() {
    }

    public static void register(AgentBackend backend, Unloader unloader) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(ModuleControlMXBean.OBJECT_NAME);
            if (!server.isRegistered(name)) {
                UnloadNotifications notifications = new UnloadNotifications(name);
                server.registerMBean(new DescribedControl(new ModuleControl(backend), notifications), name);
                unloader.addObserver(notifications);
            }
        } catch (JMException | RuntimeException | LinkageError e) {
            AgentLog.LOG.log(System.Logger.Level.WARNING, "quiesce: could not register " + ModuleControlMXBean.OBJECT_NAME
                    + " (" + e + "); the Java API still works", e);
        }
    }
}
