package dev.quiesce.tomcat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.Outcome;
import dev.quiesce.tomcat.support.Cli;
import dev.quiesce.tomcat.support.EmbeddedTomcat;
import java.time.Duration;
import org.apache.catalina.Context;
import org.junit.jupiter.api.Test;

/** The CLI's modules and leaks against a JVM running Tomcat: a webapp's module, and the path that holds it. */
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
}
