package dev.quiesce.testplugins.leaky;

import dev.quiesce.Unloadable;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/** Registers an MBean in the platform MBean server and never unregisters it. */
@Unloadable("stray-mbean")
public class StrayMBean {
    public void start() throws JMException {
        ManagementFactory.getPlatformMBeanServer().registerMBean(new Stats(),
                new ObjectName("dev.quiesce.test:type=Stats"));
    }

    /** The MBean's interface. */
    public interface StatsMBean {
        int getCount();
    }

    /** The MBean. */
    public static final class Stats implements StatsMBean {
        @Override
        public int getCount() {
            return 0;
        }
    }
}
