package dev.quiesce.agent.leaks;

import java.util.ArrayList;
import java.util.List;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

/** MBeans whose class is the module's, in every MBean server created so far (the platform one included). */
final class MBeanScan {
    private MBeanScan() {
    }

    static List<Leak> find(ModuleObjects module) throws Exception {
        List<Leak> leaks = new ArrayList<>();
        for (MBeanServer server : MBeanServerFactory.findMBeanServer(null)) {
            for (ObjectName name : server.queryNames(null, null)) {
                try {
                    if (module.owns(server.getClassLoaderFor(name))) {
                        String what = "MBean " + name + " (" + server.getObjectInstance(name).getClassName() + ")";
                        leaks.add(new Leak(what, "unregister it in an @OnUnload hook (MBeanServer.unregisterMBean)",
                                deadline -> {
                                    server.unregisterMBean(name);
                                    return "unregistered MBean " + name;
                                }));
                    }
                } catch (InstanceNotFoundException e) {
                    // unregistered meanwhile: nothing holds the module there any more
                }
            }
        }
        return leaks;
    }
}
