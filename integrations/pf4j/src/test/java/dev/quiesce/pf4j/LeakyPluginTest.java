package dev.quiesce.pf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.Outcome;
import dev.quiesce.UnloadReport;
import dev.quiesce.pf4j.support.TestPlugins;
import dev.quiesce.pf4j.testapi.Greeting;
import org.junit.jupiter.api.Test;

/** leaky starts a thread and registers a JDBC driver and forgets both: the report names them, the fixes apply. */
class LeakyPluginTest {

    @Test
    void theLeaksAreNamedInTheReportAndFixed() {
        QuiescePluginManager manager = new QuiescePluginManager(TestPlugins.root("leaky"));
        manager.loadPlugins();
        manager.startPlugins();
        assertEquals("Leaky hello, you", greet(manager));

        assertTrue(manager.unloadPlugin("leaky"));

        UnloadReport report = manager.quiescer().report("leaky").orElseThrow();
        assertEquals(Outcome.COLLECTED, report.outcome(), report.summary());
        String fixes = String.join("\n", report.fixes());
        assertTrue(fixes.contains("leaky-poller"), fixes);
        assertTrue(fixes.contains("dev.quiesce.pf4j.plugins.leaky.LeakyDriver"), fixes);
    }

    private static String greet(QuiescePluginManager manager) {
        return manager.getExtensions(Greeting.class, "leaky").get(0).greet("you");
    }
}
