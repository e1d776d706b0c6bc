package dev.quiesce.pf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.pf4j.support.Cli;
import dev.quiesce.pf4j.support.TestPlugins;
import dev.quiesce.pf4j.testapi.Greeting;
import dev.quiesce.pf4j.testapi.Lifecycle;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pf4j.PluginState;

/** The CLI's modules and unload on a PF4J plugin's module. */
class CliTest {

    @BeforeEach
    void reset() {
        Lifecycle.reset();
    }

    @Test
    void modulesListsThePluginAndAnUnloadFromTheCliLeavesPf4jConsistent() throws Exception {
        Path root = TestPlugins.root("greeter");
        QuiescePluginManager manager = new QuiescePluginManager(root);
        manager.loadPlugins();
        manager.startPlugins();
        assertEquals("Hello, you!", greet(manager));
        String module = manager.quiescer().moduleOf("greeter").orElseThrow();

        Cli.Result modules = Cli.onThisJvm("modules");
        assertEquals(0, modules.exitCode(), modules.output());
        assertTrue(modules.output().lines().anyMatch(l -> l.startsWith(module + " ") && l.contains("ACTIVE")
                && l.contains("org.pf4j.PluginClassLoader")), modules.output());

        Cli.Result unload = Cli.onThisJvm("unload", module, "--timeout", "5s");
        assertEquals(0, unload.exitCode(), unload.output());
        assertTrue(unload.output().contains("COLLECTED"), unload.output());
        assertNull(manager.getPlugin("greeter"), "the manager unloaded the plugin from PF4J too");
        assertTrue(Lifecycle.stops().isEmpty(), "Plugin.stop() cannot run in an unload from outside the manager");

        manager.loadPlugin(root.resolve("greeter.jar"));
        assertEquals(PluginState.STARTED, manager.startPlugin("greeter"));
        assertEquals("Hello, you!", greet(manager));
    }

    private static String greet(QuiescePluginManager manager) {
        return manager.getExtensions(Greeting.class, "greeter").get(0).greet("you");
    }
}
