package dev.quiesce.pf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.ModuleUnloadedException;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import dev.quiesce.pf4j.support.TestPlugins;
import dev.quiesce.pf4j.testapi.Greeting;
import dev.quiesce.pf4j.testapi.Lifecycle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pf4j.DependencyResolver;
import org.pf4j.PluginState;

/** Unknown ids, plugins whose start() or stop() throws, dependency cycles and missing dependencies. */
class BadInputTest {

    @BeforeEach
    void reset() {
        Lifecycle.reset();
    }

    @Test
    void anUnknownPluginIdIsAClearErrorAndChangesNothing() {
        QuiescePluginManager manager = started("greeter");
        for (Runnable call : List.<Runnable>of(() -> manager.stopPlugin("nope"), () -> manager.startPlugin("nope"),
                () -> manager.unloadPlugin("nope"))) {
            UnknownPluginException e = assertThrows(UnknownPluginException.class, call::run);
            assertEquals("no plugin 'nope' is loaded; loaded plugins: greeter. Load it first (loadPlugin/loadPlugins)",
                    e.getMessage());
        }
        assertEquals(PluginState.STARTED, manager.getPlugin("greeter").getPluginState());
        assertEquals("Hello, you!", greet(manager, "greeter"));
    }

    @Test
    void aPluginThatFailsToStartIsFailedAndUnloadsCleanly() {
        Lifecycle.fail("faulty", "start");
        QuiescePluginManager manager = started("faulty", "greeter");
        assertEquals(PluginState.FAILED, manager.getPlugin("faulty").getPluginState());
        assertEquals("faulty: start() failed on purpose", manager.getPlugin("faulty").getFailedException()
                .getMessage());
        assertEquals(PluginState.STARTED, manager.getPlugin("greeter").getPluginState());

        assertTrue(manager.unloadPlugin("faulty"));
        assertEquals(Outcome.COLLECTED, manager.quiescer().report("faulty").orElseThrow().outcome());
        assertEquals(List.of("greeter"), manager.getPlugins().stream().map(p -> p.getPluginId()).toList());
    }

    @Test
    void aStopThatThrowsLeavesThePluginFailedAndRefusingAndAStartLoadsItAgain() {
        Lifecycle.fail("faulty", "stop");
        QuiescePluginManager manager = started("faulty");
        String firstModule = manager.quiescer().moduleOf("faulty").orElseThrow();
        assertEquals(firstModule, stopThatThrowsThenCall(manager));

        Lifecycle.reset();
        assertEquals(PluginState.STARTED, manager.startPlugin("faulty"));
        assertNotEquals(firstModule, manager.quiescer().moduleOf("faulty").orElseThrow());
        assertEquals("Faulty hello, again", greet(manager, "faulty"));
        UnloadReport firstCheck = manager.quiescer().reports().stream()
                .filter(r -> r.module().equals(firstModule) && r.outcome() != Outcome.TORN_DOWN).findFirst()
                .orElseThrow();
        assertEquals(Outcome.COLLECTED, firstCheck.outcome(), firstCheck.summary());
    }

    @Test
    void aStopThatThrowsInAnUnloadTheAgentStartedIsAProblemInItsReportAndPf4jUnloadsThePlugin() {
        Lifecycle.fail("faulty", "stop");
        QuiescePluginManager manager = started("faulty");
        String module = manager.quiescer().moduleOf("faulty").orElseThrow();

        UnloadReport report = Quiesce.unload(module, Duration.ofSeconds(5));

        assertEquals(Outcome.COLLECTED, report.outcome(), report::toString);
        assertTrue(String.join("\n", report.problems()).contains("faulty: stop() failed on purpose"),
                report::toString);
        assertEquals(List.of(new Lifecycle.Stop("faulty", 0)), Lifecycle.stops());
        assertTrue(manager.getPlugins().isEmpty(), "PF4J unloaded the plugin anyway");
    }

    /** Stops faulty, whose stop() throws; returns the module named by the refusal of a later call. */
    private static String stopThatThrowsThenCall(QuiescePluginManager manager) {
        Greeting old = manager.getExtensions(Greeting.class, "faulty").get(0);
        assertEquals(PluginState.FAILED, manager.stopPlugin("faulty"));
        assertEquals("faulty: stop() failed on purpose", manager.getPlugin("faulty").getFailedException()
                .getMessage());
        assertTrue(manager.getStartedPlugins().isEmpty());
        return assertThrows(ModuleUnloadedException.class, () -> old.greet("x")).module();
    }

    @Test
    void aDependencyCycleIsRefusedAtLoadAndNothingStarts() {
        Path root = TestPlugins.root();
        TestPlugins.copyAs(root, "greeter", "cycle-a", "cycle-b");
        TestPlugins.copyAs(root, "greeter", "cycle-b", "cycle-a");
        QuiescePluginManager manager = new QuiescePluginManager(root);
        assertThrows(DependencyResolver.CyclicDependencyException.class, manager::loadPlugins);
        manager.startPlugins();
        assertTrue(manager.getStartedPlugins().isEmpty());
    }

    @Test
    void aMissingDependencyIsNamedAndThePluginDoesNotStart() {
        QuiescePluginManager manager = new QuiescePluginManager(TestPlugins.root("shouter"));
        DependencyResolver.DependenciesNotFoundException e = assertThrows(
                DependencyResolver.DependenciesNotFoundException.class, manager::loadPlugins);
        assertEquals(List.of("greeter"), e.getDependencies());
        manager.startPlugins();
        assertTrue(manager.getStartedPlugins().isEmpty());
    }

    private static QuiescePluginManager started(String... plugins) {
        QuiescePluginManager manager = new QuiescePluginManager(TestPlugins.root(plugins));
        manager.loadPlugins();
        manager.startPlugins();
        return manager;
    }

    private static String greet(QuiescePluginManager manager, String pluginId) {
        return manager.getExtensions(Greeting.class, pluginId).get(0).greet(pluginId.equals("faulty") ? "again"
                : "you");
    }
}
