package dev.quiesce.pf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.ModuleUnloadedException;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import dev.quiesce.pf4j.support.HeldCalls;
import dev.quiesce.pf4j.support.TestPlugins;
import dev.quiesce.pf4j.testapi.Greeting;
import dev.quiesce.pf4j.testapi.Lifecycle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

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

    /**
     * An unload the agent starts of greeter (as the CLI's does) while a call is held inside shouter, with a drain
     * timeout shorter than the hold: shouter cannot be unloaded first and stays STARTED; greeter, torn down already,
     * is unloaded from PF4J anyway, and the report's problems say why shouter stayed. The held call then finds greeter
     * refusing (shouter's first call loaded greeter's class it calls): the cost, documented, of draining a plugin
     * before its dependents.
     */
    @Test
    void anAgentUnloadWhoseDependentCannotBeUnloadedFirstStillUnloadsThePluginAndSaysWhy() throws Exception {
        QuiescePluginManager manager = new QuiescePluginManager(TestPlugins.root("greeter", "shouter"));
        manager.loadPlugins();
        manager.startPlugins();
        manager.quiescer().setDrainTimeout(Duration.ofMillis(200));
        assertEquals("HELLO, YOU!", shout(manager, "you"));
        String module = manager.quiescer().moduleOf("greeter").orElseThrow();
        HeldCalls held = HeldCalls.start(manager.getExtensions(Greeting.class, "shouter").get(0), 1, "held");

        UnloadReport report = Quiesce.unload(module, Duration.ofSeconds(5));

        assertTrue(String.join("\n", report.problems()).contains("'shouter', which depends on 'greeter', could not"
                + " be unloaded first"), report::toString);
        assertEquals(List.of("shouter"), manager.getPlugins().stream().map(PluginWrapper::getPluginId).toList());
        assertEquals(PluginState.STARTED, manager.getPlugin("shouter").getPluginState());
        assertEquals(List.of(new Lifecycle.Stop("greeter", 0)), Lifecycle.stops());
        held.release();
        CompletionException refused = assertThrows(CompletionException.class, held::answers);
        assertEquals(module, ((ModuleUnloadedException) refused.getCause()).module());
    }

    /** One call through shouter's extension, holding nothing of it afterwards. */
    private static String shout(QuiescePluginManager manager, String name) {
        return manager.getExtensions(Greeting.class, "shouter").get(0).greet(name);
    }
}
