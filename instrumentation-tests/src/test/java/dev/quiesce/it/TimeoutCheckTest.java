package dev.quiesce.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quiesce.Quiesce;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.Test;

/**
 * A drain timeout is checked once, in the agent, for the API and the MXBean alike, each naming its own parameter;
 * nothing starts (the module named here does not even exist: the timeout is checked first).
 */
class TimeoutCheckTest {
    @Test
    void theApiAndTheMXBeanRefuseANegativeTimeoutNamingTheirParameter() throws Exception {
        assertEquals("drainTimeout must be zero or positive, was PT-1S", assertThrows(IllegalArgumentException.class,
                () -> Quiesce.unload("nope", Duration.ofSeconds(-1))).getMessage());
        assertEquals("drainTimeout must be zero or positive, was null", assertThrows(IllegalArgumentException.class,
                () -> Quiesce.beginTearDown("nope", null)).getMessage());
        assertEquals("drainTimeout must be zero or positive, was PT-0.001S", assertThrows(
                IllegalArgumentException.class, () -> Quiesce.tearDown("nope", Duration.ofMillis(-1), () -> { }))
                .getMessage());

        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        ObjectName control = new ObjectName("dev.quiesce:type=ModuleControl");
        await().atMost(Duration.ofSeconds(10)).until(() -> mbeans.isRegistered(control));
        RuntimeMBeanException refused = assertThrows(RuntimeMBeanException.class, () -> mbeans.invoke(control,
                "unload", new Object[] {"nope", -1L}, new String[] {String.class.getName(), "long"}));
        assertEquals(IllegalArgumentException.class, refused.getCause().getClass());
        assertEquals("timeoutMillis must be zero or positive, was -1", refused.getCause().getMessage());
    }
}
