package dev.quiesce.it.forked;

import static org.awaitility.Awaitility.await;

import dev.quiesce.ModuleInfo;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadRefusedException;
import dev.quiesce.it.support.CliRun;
import dev.quiesce.it.support.HugeClass;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Defines {@link HugeClass} in a loader of its own, calls it, and prints what every view says of its module: the
 * API ({@code info ...}), the refused unload ({@code refused ...}), the MXBean ({@code mxbean ...}), and the CLI's
 * {@code modules} output, as text and as JSON, through a JMX connector on the loopback.
 */
public final class UninstrumentedMain {
    private UninstrumentedMain() {
    }

    public static void main(String[] args) throws Exception {
        ClassLoader loader = new ClassLoader("huge-loader", UninstrumentedMain.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                if (!name.equals(HugeClass.NAME)) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = HugeClass.bytes();
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        Class<?> huge = loader.loadClass(HugeClass.NAME);
        System.out.println("count " + huge.getMethod("count").invoke(null));
        ModuleInfo info = Quiesce.moduleOf(loader).orElseThrow();
        System.out.println("info " + info.id() + " " + info.state() + " entrances " + info.entrances()
                + " uninstrumented " + info.uninstrumented());
        try {
            System.out.println("outcome " + Quiesce.unload(info.id(), Duration.ofSeconds(1)).outcome());
        } catch (UnloadRefusedException e) {
            System.out.println("refused " + e.getMessage());
        }
        System.out.println("state " + Quiesce.module(info.id()).orElseThrow().state());
        ObjectName control = new ObjectName("dev.quiesce:type=ModuleControl");
        // The agent registers its MXBean on a thread of its own at start-up.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> ManagementFactory.getPlatformMBeanServer().isRegistered(control));
        CompositeData[] modules = (CompositeData[]) ManagementFactory.getPlatformMBeanServer()
                .getAttribute(control, "Modules");
        for (CompositeData module : modules) {
            System.out.println("mxbean " + module.get("id") + " "
                    + Arrays.toString((String[]) module.get("uninstrumented")));
        }
        JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(
                new JMXServiceURL("service:jmx:rmi://127.0.0.1"), null, ManagementFactory.getPlatformMBeanServer());
        server.start();
        String url = server.getAddress().toString();
        System.out.println("--- cli text");
        System.out.print(CliRun.run("modules", url).out());
        System.out.println("--- cli json");
        System.out.print(CliRun.run("modules", url, "--json").out());
        server.stop();
    }
}
