package dev.quiesce.pf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.Outcome;
import dev.quiesce.UnloadReport;
import dev.quiesce.pf4j.support.TestPlugins;
import dev.quiesce.pf4j.testapi.Greeting;
import dev.quiesce.pf4j.testapi.Lifecycle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** shouter depends on greeter: unloading greeter drains and unloads shouter first, and both loaders go. */
class DependentsTest {

    @BeforeEach
    void reset() {
        Lifecycle.reset();
    }

    @Test
    void unloadingADependencyUnloadsItsDependentFirstAndBothAreCollected() {
        QuiescePluginManager manager = new QuiescePluginManager(TestPlugins.root("greeter", "shouter"));
        manager.loadPlugins();
        manager.startPlugins();
        assertEquals("HELLO, YOU!", shout(manager, "you"));
        List<String> modules = List.of(manager.quiescer().moduleOf("shouter").orElseThrow(),
                manager.quiescer().moduleOf("greeter").orElseThrow());

        assertTrue(manager.unloadPlugin("greeter"));

        assertTrue(manager.getPlugins().isEmpty());
        assertEquals(List.of(new Lifecycle.Stop("shouter", 0), new Lifecycle.Stop("greeter", 0)), Lifecycle.stops());
        List<UnloadReport> checks = new ArrayList<>(manager.quiescer().reports().stream()
                .filter(r -> r.outcome() != Outcome.TORN_DOWN).toList());
        Collections.reverse(checks);
        assertEquals(modules, checks.stream().map(UnloadReport::module).toList());
        for (UnloadReport check : checks) {
            assertEquals(Outcome.COLLECTED, check.outcome(), check.summary());
        }
    }

    /** One call through shouter's extension, holding nothing of it afterwards. */
    private static String shout(QuiescePluginManager manager, String name) {
        return manager.getExtensions(Greeting.class, "shouter").get(0).greet(name);
    }
}
