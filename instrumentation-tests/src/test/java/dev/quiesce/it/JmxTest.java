package dev.quiesce.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.it.support.LoadedPlugin;
import dev.quiesce.it.support.Plugins;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import javax.management.MBeanException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;

/**
 * The control MXBean through a real JMX connection (RMI over loopback), as jconsole sees it: open types only, no
 * Quiesce class on the client side.
 */
class JmxTest {
    private static final String NAME = "dev.quiesce:type=ModuleControl";

    @Test
    void modulesAttributeAndUnloadOperationWorkThroughARemoteConnection() throws Exception {
        LoadedPlugin plugin = LoadedPlugin.load("jmx-plugin", false, Plugins.WORKER);
        plugin.call("nested");
        ObjectName name = new ObjectName(NAME);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ManagementFactory.getPlatformMBeanServer().isRegistered(name));
        JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(
                new JMXServiceURL("service:jmx:rmi://127.0.0.1"), null, ManagementFactory.getPlatformMBeanServer());
        server.start();
        try (JMXConnector connector = JMXConnectorFactory.connect(server.getAddress())) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();

            CompositeData[] modules = (CompositeData[]) jmx.getAttribute(name, "Modules");
            CompositeData mine = Arrays.stream(modules).filter(m -> plugin.id().equals(m.get("id"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + plugin.id() + " in " + Arrays.toString(modules)));
            assertEquals("ACTIVE", mine.get("state"));
            assertEquals(0L, mine.get("inFlight"));
            assertTrue((Long) mine.get("entrances") >= 2, mine.toString());
            assertEquals(mine.get("entrances"), mine.get("exits"));

            plugin.drop();
            CompositeData result = (CompositeData) jmx.invoke(name, "unload", new Object[] {plugin.id(), 5_000L},
                    new String[] {String.class.getName(), long.class.getName()});
            assertEquals(plugin.id(), result.get("module"));
            assertEquals("COLLECTED", result.get("outcome"));
            assertEquals(0, ((CompositeData[]) result.get("blockers")).length);
            assertTrue((Long) result.get("drainMillis") >= 0);

            Exception refused = assertThrows(Exception.class, () -> jmx.invoke(name, "unload",
                    new Object[] {"nope", 1_000L}, new String[] {String.class.getName(), long.class.getName()}));
            Throwable cause = refused instanceof RuntimeMBeanException || refused instanceof MBeanException
                    ? refused.getCause() : refused;
            assertEquals(IllegalStateException.class, cause.getClass());
            assertTrue(cause.getMessage().startsWith("no module named 'nope'"), cause.getMessage());
        } finally {
            server.stop();
        }
    }
}
