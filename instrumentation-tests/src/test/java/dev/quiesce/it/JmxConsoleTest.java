package dev.quiesce.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import dev.quiesce.it.support.TargetJvm;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.ArrayType;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeType;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The control MXBean as jconsole and VisualVM see it: a real JMX connection to a forked JVM's local JMX agent, with
 * no Quiesce class on this side. Checks what the console shows and the notification sent for each unload step.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JmxConsoleTest {
    private static final List<String> SUCCESS = List.of("dev.quiesce.draining", "dev.quiesce.drained",
            "dev.quiesce.tornDown", "dev.quiesce.collected");

    private TargetJvm target;
    private JMXConnector connector;
    private MBeanServerConnection jmx;
    private ObjectName name;
    private final List<Notification> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    void connect() throws Exception {
        target = TargetJvm.start("collect-timeout=1s");
        VirtualMachine vm = VirtualMachine.attach(target.pid());
        String url;
        try {
            url = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        connector = JMXConnectorFactory.connect(new JMXServiceURL(url));
        jmx = connector.getMBeanServerConnection();
        name = new ObjectName("dev.quiesce:type=ModuleControl");
        await().atMost(Duration.ofSeconds(10)).until(() -> jmx.isRegistered(name));
        jmx.addNotificationListener(name, (notification, handback) -> received.add(notification), null, null);
    }

    @AfterAll
    void disconnect() throws Exception {
        connector.close();
        target.close();
    }

    @Test
    void theConsoleShowsDescriptionsNamedParametersAndTheNotificationTypes() throws Exception {
        MBeanInfo info = jmx.getMBeanInfo(name);
        assertTrue(info.getDescription().startsWith("Quiesce: safe unloading"), info.getDescription());

        MBeanOperationInfo unload = operation(info, "unload");
        assertEquals(MBeanOperationInfo.ACTION, unload.getImpact());
        assertTrue(unload.getDescription().startsWith("Unloads a module"), unload.getDescription());
        assertEquals(List.of("module:java.lang.String", "timeoutMillis:long"), Arrays.stream(unload.getSignature())
                .map(p -> p.getName() + ":" + p.getType()).toList(), "plain types, named, for the Operations tab");
        assertEquals(List.of("module:java.lang.String"), Arrays.stream(operation(info, "callsInside").getSignature())
                .map(p -> p.getName() + ":" + p.getType()).toList());
        assertTrue(Arrays.stream(unload.getSignature()).map(MBeanParameterInfo::getDescription)
                .allMatch(d -> d != null && !d.isEmpty()));

        ArrayType<?> modules = (ArrayType<?>) Arrays.stream(info.getAttributes())
                .filter(a -> a.getName().equals("Modules")).findFirst().orElseThrow()
                .getDescriptor().getFieldValue("openType");
        assertEquals(List.of("entrances", "exits", "id", "inFlight", "loader", "name", "refused", "state",
                "uninstrumented"),
                List.copyOf(((CompositeType) modules.getElementOpenType()).keySet()), "a table of open types");

        assertEquals(1, info.getNotifications().length);
        assertArrayEquals(new String[] {"dev.quiesce.draining", "dev.quiesce.drained", "dev.quiesce.tornDown",
            "dev.quiesce.collected", "dev.quiesce.retained", "dev.quiesce.timedOut"},
                info.getNotifications()[0].getNotifTypes());
    }

    @Test
    void everyStepOfAnUnloadIsSentAsANotification() throws Exception {
        target.send("load jmx-drain", "loaded");
        String id = target.moduleId("jmx-drain");
        target.send("hold jmx-drain jmx-drain-caller", "holding");
        CompletableFuture<CompositeData> unload = CompletableFuture.supplyAsync(() -> unload(id, 30_000));

        await().atMost(Duration.ofSeconds(10)).until(() -> types(id).equals(List.of("dev.quiesce.draining")));
        CompositeData draining = (CompositeData) of(id).get(0).getUserData();
        assertEquals("DRAINING", draining.get("state"));
        assertEquals(1L, draining.get("inFlight"));
        assertEquals("module '" + id + "' is draining: new calls are refused; waiting for 1 call(s) in flight",
                of(id).get(0).getMessage());

        target.send("drop jmx-drain", "dropped");
        assertEquals("released jmx-drain-caller: held", target.send("release jmx-drain-caller", "released"),
                "the held call returned normally");
        CompositeData report = unload.get(30, TimeUnit.SECONDS);
        assertEquals("COLLECTED", report.get("outcome"));
        await().atMost(Duration.ofSeconds(10)).until(() -> types(id).equals(SUCCESS));
        List<Notification> steps = of(id);
        assertEquals(List.of("DRAINING", "TEARING_DOWN", "UNLOADED", "UNLOADED"), steps.stream()
                .map(n -> ((CompositeData) n.getUserData()).get("state")).toList());
        assertEquals(report.get("summary"), steps.get(3).getMessage());
        assertEquals(report.get("collectMillis"), ((CompositeData) steps.get(3).getUserData()).get("millis"));
        assertTrue(steps.get(0).getSequenceNumber() < steps.get(3).getSequenceNumber());
        assertEquals(name, steps.get(0).getSource());
    }

    @Test
    void aTimeoutAndARetainedLoaderAreSentToo() throws Exception {
        target.send("load jmx-busy", "loaded");
        String busy = target.moduleId("jmx-busy");
        target.send("hold jmx-busy jmx-busy-caller", "holding");
        CompositeData result = unload(busy, 200);
        assertEquals("TIMED_OUT", result.get("outcome"));
        assertHeldCaller(busy, "jmx-busy", (CompositeData[]) result.get("blockers"));
        await().atMost(Duration.ofSeconds(10)).until(() -> types(busy).equals(List.of("dev.quiesce.draining",
                "dev.quiesce.timedOut")));
        CompositeData timedOut = (CompositeData) of(busy).get(1).getUserData();
        assertEquals("ACTIVE", timedOut.get("state"));
        assertEquals(1L, timedOut.get("inFlight"));
        assertHeldCaller(busy, "jmx-busy", (CompositeData[]) timedOut.get("blockers"));
        assertEquals(result.get("summary"), of(busy).get(1).getMessage());
        assertEquals("released jmx-busy-caller: held", target.send("release jmx-busy-caller", "released"),
                "the held call returned normally");

        target.send("load jmx-kept", "loaded");
        String kept = target.moduleId("jmx-kept");
        assertEquals("RETAINED", unload(kept, 5_000).get("outcome"));
        await().atMost(Duration.ofSeconds(10)).until(() -> types(kept).equals(List.of("dev.quiesce.draining",
                "dev.quiesce.drained", "dev.quiesce.tornDown", "dev.quiesce.retained")));
    }

    /** One blocker, the held call's thread, as open data: its name, state, and the module method it waits in. */
    private static void assertHeldCaller(String module, String loader, CompositeData[] blockers) {
        assertEquals(1, blockers.length, Arrays.toString(blockers));
        CompositeData blocker = blockers[0];
        assertEquals(loader + "-caller", blocker.get("thread"));
        assertEquals("WAITING", blocker.get("threadState"));
        assertEquals("is inside module '" + module + "'", blocker.get("inside"));
        assertTrue(Arrays.stream((String[]) blocker.get("frames")).anyMatch(frame -> frame.startsWith(
                loader + "//dev.quiesce.testplugins.Worker.hold(")), Arrays.toString((String[]) blocker.get("frames")));
        assertEquals(0, blocker.get("moreFrames"));
        assertEquals("\"" + loader + "-caller\" (id " + blocker.get("threadId") + ", WAITING) is inside module '"
                + module + "'", blocker.get("headline"));
    }

    private CompositeData unload(String module, long timeoutMillis) {
        try {
            return (CompositeData) jmx.invoke(name, "unload", new Object[] {module, timeoutMillis},
                    new String[] {String.class.getName(), long.class.getName()});
        } catch (Exception e) {
            throw new AssertionError("unload of " + module + " failed", e);
        }
    }

    private List<Notification> of(String module) {
        return received.stream().filter(n -> module.equals(((CompositeData) n.getUserData()).get("module")))
                .toList();
    }

    private List<String> types(String module) {
        return of(module).stream().map(Notification::getType).toList();
    }

    private static MBeanOperationInfo operation(MBeanInfo info, String name) {
        return Arrays.stream(info.getOperations()).filter(o -> o.getName().equals(name)).findFirst().orElseThrow();
    }
}
