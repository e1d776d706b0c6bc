package dev.quiesce.pf4j;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.ModuleState;
import dev.quiesce.Quiesce;
import dev.quiesce.pf4j.support.Cli;
import dev.quiesce.pf4j.support.HeldCalls;
import dev.quiesce.pf4j.support.TestPlugins;
import dev.quiesce.pf4j.testapi.Greeting;
import dev.quiesce.pf4j.testapi.Lifecycle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pf4j.PluginState;

/**
 * The CLI's modules and unload on a PF4J plugin's module: the unload runs the plugin's registered teardown
 * ({@code Quiesce.onTearDown}), so {@code Plugin.stop()} runs once drained and PF4J unloads the plugin.
 */
class CliTest {

    @BeforeEach
    void reset() {
        Lifecycle.reset();
    }

    @Test
    void anUnloadFromTheCliWaitsForTheCallInsideRunsStopWithNoCallInsideAndPf4jUnloadsThePlugin() throws Exception {
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

        HeldCalls held = HeldCalls.start(manager.getExtensions(Greeting.class, "greeter").get(0), 1, "held");
        CompletableFuture<Cli.Result> unload = CompletableFuture.supplyAsync(() -> cli("unload", module,
                "--timeout", "20s"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Quiesce.module(module).orElseThrow().state() == ModuleState.DRAINING);
        assertEquals(List.of(), Lifecycle.stops(), "Plugin.stop() waits for the call inside");
        held.release();
        assertEquals(List.of("Hello, held-0!"), held.answers(), "the call inside finished normally");

        Cli.Result result = unload.get(60, TimeUnit.SECONDS);
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("COLLECTED"), result.output());
        assertEquals(List.of(new Lifecycle.Stop("greeter", 0)), Lifecycle.stops(), "stop() ran once, no call inside");
        assertNull(manager.getPlugin("greeter"), "PF4J unloaded the plugin");
        assertTrue(manager.getPlugins().isEmpty(), manager.getPlugins().toString());
        assertTrue(manager.quiescer().moduleOf("greeter").isEmpty());

        manager.loadPlugin(root.resolve("greeter.jar"));
        assertEquals(PluginState.STARTED, manager.startPlugin("greeter"));
        assertEquals("Hello, you!", greet(manager));
    }

    @Test
    void anUnloadFromTheCliOfAPluginOthersDependOnUnloadsTheDependentsFirstAsPf4jDoes() throws Exception {
        QuiescePluginManager manager = new QuiescePluginManager(TestPlugins.root("greeter", "shouter"));
        manager.loadPlugins();
        manager.startPlugins();
        assertEquals("HELLO, YOU!", manager.getExtensions(Greeting.class, "shouter").get(0).greet("you"));
        String module = manager.quiescer().moduleOf("greeter").orElseThrow();

        Cli.Result result = Cli.onThisJvm("unload", module, "--timeout", "5s");

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("COLLECTED"), result.output());
        assertEquals(List.of(new Lifecycle.Stop("shouter", 0), new Lifecycle.Stop("greeter", 0)), Lifecycle.stops());
        assertTrue(manager.getPlugins().isEmpty(), manager.getPlugins().toString());
        assertEquals(List.of("COLLECTED"), manager.quiescer().reports().stream()
                .filter(r -> r.module().startsWith("shouter")).filter(r -> r.outcome().name().equals("COLLECTED"))
                .map(r -> r.outcome().name()).toList(), "the dependent was unloaded and collected first");
    }

    private static Cli.Result cli(String... args) {
        try {
            return Cli.onThisJvm(args[0], java.util.Arrays.copyOfRange(args, 1, args.length));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String greet(QuiescePluginManager manager) {
        return manager.getExtensions(Greeting.class, "greeter").get(0).greet("you");
    }
}
