package dev.quiesce.tomcat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.Outcome;
import dev.quiesce.tomcat.support.Cli;
import dev.quiesce.tomcat.support.EmbeddedTomcat;
import dev.quiesce.tomcat.support.LogLines;
import dev.quiesce.tomcat.testapi.Events;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.junit.jupiter.api.Test;

/**
 * The CLI against a JVM running Tomcat: {@code modules} lists a webapp's module, {@code leaks} shows the path that
 * holds an undeployed webapp's loader, and {@code unload} of a webapp's module stops its context in the module's
 * teardown, so that the webapp's {@code destroy()} runs, Tomcat drops the loader (COLLECTED) and answers later
 * requests 404 rather than with a refused call.
 */
class CliTest {

    @Test
    void modulesListsTheWebappAndLeaksShowsWhatHoldsItsUndeployedLoader() throws Exception {
        QuiesceContextListener listener = new QuiesceContextListener();
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat()) {
            Context leaky = tomcat.deploy("leaky", "/leaky-cli", null, c -> c.addLifecycleListener(listener));
            tomcat.start();
            assertEquals(200, tomcat.getNow("/leaky-cli/leak").statusCode());

            Cli.Result modules = Cli.onThisJvm("modules");
            assertEquals(0, modules.exitCode(), modules.output());
            assertTrue(modules.output().lines().anyMatch(l -> l.startsWith("/leaky-cli ") && l.contains("ACTIVE")
                    && l.contains("WebappClassLoader")), modules.output());

            tomcat.tomcat().getHost().removeChild(leaky);
            await().atMost(Duration.ofSeconds(30)).until(() -> listener.reports().stream()
                    .anyMatch(r -> r.outcome() == Outcome.RETAINED));
            Cli.Result leaks = Cli.onThisJvm("leaks", "/leaky-cli");
            assertEquals(5, leaks.exitCode(), "5: something holds an unloaded module; " + leaks.output());
            assertTrue(leaks.output().contains("module '/leaky-cli'"), leaks.output());
            assertTrue(leaks.output().contains("(Thread name: 'http-nio-127.0.0.1"), leaks.output());
            assertTrue(leaks.output().contains("v Thread.threadLocals"), leaks.output());
            assertTrue(leaks.output().contains("LeakyServlet$Basket"), leaks.output());
        }
    }

    @Test
    void anUnloadFromTheCliStopsTheContext() throws Exception {
        QuiesceContextListener listener = new QuiesceContextListener();
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(); LogLines log = new LogLines()) {
            Events.reset();
            Context shop = tomcat.deploy("shop", "/cli-unload", null, c -> c.addLifecycleListener(listener));
            tomcat.start();
            assertEquals(200, tomcat.getNow("/cli-unload/gen").statusCode());
            assertEquals("slow done", tomcat.getNow("/cli-unload/slow?ms=1").body());

            Cli.Result unload = Cli.onThisJvm("unload", "/cli-unload", "--timeout", "5s");
            assertEquals(0, unload.exitCode(), unload.output());
            assertTrue(unload.output().contains("COLLECTED"), unload.output());
            assertEquals(LifecycleState.STOPPED, shop.getState());
            assertEquals(404, tomcat.getNow("/cli-unload/gen").statusCode());
            assertEquals(List.of("slow start", "slow end", "slow destroy"), Events.all(), "destroy() ran, counted in");
            assertTrue(log.has(Level.INFO, "Quiesce: module '/cli-unload' of context '/cli-unload' is unloaded"
                    + " outside Tomcat: its calls drained, the listener stops the context"), log.text());
            assertFalse(log.has(Level.SEVERE, "Quiesce could not drain"), "the stop does not drain again: "
                    + log.text());

            shop.start();
            assertEquals("/cli-unload#2", listener.module().orElseThrow());
            assertEquals(200, tomcat.getNow("/cli-unload/gen").statusCode());
        }
    }
}
