package dev.quiesce.tomcat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.Outcome;
import dev.quiesce.UnloadReport;
import dev.quiesce.tomcat.support.EmbeddedTomcat;
import dev.quiesce.tomcat.support.LogLines;
import java.time.Duration;
import java.util.logging.Level;
import org.apache.catalina.Context;
import org.junit.jupiter.api.Test;

/**
 * The leaky webapp starts a thread, leaves a ThreadLocal on the Tomcat worker thread that served it and registers
 * a JDBC driver, and forgets all three. After its undeploy, the report names what holds its loader (the
 * ThreadLocal, which Tomcat can only warn about with {@code --add-opens}, and names no path for) and the thread the
 * agent stopped, and the driver, which Tomcat's loader stop deregisters (with its own warning) before the check's
 * leak scan: the listener lists it from inside the webapp before that stop.
 */
class LeakyWebappTest {

    @Test
    void theReportOfAnUndeployedLeakyWebappNamesWhatHoldsIt() {
        QuiesceContextListener listener = new QuiesceContextListener();
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(); LogLines log = new LogLines()) {
            Context leaky = tomcat.deploy("leaky", "/leaky", null, c -> c.addLifecycleListener(listener));
            tomcat.start();
            assertEquals(200, tomcat.getNow("/leaky/leak").statusCode());
            tomcat.tomcat().getHost().removeChild(leaky);
            await().atMost(Duration.ofSeconds(30)).until(() -> listener.reports().size() == 2);
            UnloadReport report = listener.reports().get(0);
            String summary = report.summary();
            assertEquals(Outcome.RETAINED, report.outcome(), summary);
            assertTrue(String.join("\n", report.leaks()).matches("(?s).*ThreadLocal.*on live thread \"http-nio-"
                    + ".*holds a dev\\.quiesce\\.tomcat\\.webapps\\.leaky\\.LeakyServlet\\$Basket.*"), summary);
            assertTrue(report.fixes().contains("interrupted and joined thread \"leaky-poller\""), summary);
            assertTrue(log.has(Level.WARNING, "registered the JDBC driver [dev.quiesce.tomcat.webapps.leaky"
                    + ".LeakyDriver] but failed to unregister it"), "Tomcat deregisters the driver itself");
            assertTrue(report.fixes().contains("Tomcat deregistered JDBC driver dev.quiesce.tomcat.webapps.leaky"
                    + ".LeakyDriver, which the webapp registered and did not deregister: call"
                    + " DriverManager.deregisterDriver(driver) in its contextDestroyed"), summary);
            assertTrue(log.has(Level.WARNING, "Quiesce: " + summary), "the listener logs the report");
        }
    }
}
