package dev.quiesce.pf4j;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.ModuleState;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import dev.quiesce.pf4j.recipe.MyPluginManager;
import dev.quiesce.pf4j.support.HeldCalls;
import dev.quiesce.pf4j.support.TestPlugins;
import dev.quiesce.pf4j.testapi.Greeting;
import dev.quiesce.pf4j.testapi.Lifecycle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pf4j.PluginState;

/**
 * The README's recipe for another plugin manager, on PF4J's {@code JarPluginManager}: it is the code the README
 * prints, it drains a stop, and it reloads a new version of a plugin's jar while a call is inside the old one.
 */
class RecipeTest {
    private static final String CLASS_LINE = "public class MyPluginManager extends JarPluginManager {";

    @BeforeEach
    void reset() {
        Lifecycle.reset();
    }

    @Test
    void theReadmePrintsTheRecipeThisTestRuns() throws IOException {
        String source = Files.readString(Path.of("src/test/java/dev/quiesce/pf4j/recipe/MyPluginManager.java"));
        String recipe = source.substring(source.indexOf(CLASS_LINE), source.indexOf("\n    public PluginQuiescer"))
                .strip() + "\n}";
        String readme = Files.readString(Path.of(System.getProperty("quiesce.readme")));
        int start = readme.indexOf(CLASS_LINE);
        assertTrue(start >= 0, "the README's recipe for another plugin manager starts with " + CLASS_LINE);
        assertEquals(recipe, readme.substring(start, readme.indexOf("\n}\n", start) + 2));
    }

    @Test
    void aStopWaitsForTheCallInsideThenStopRunsWithNoCallInside() throws Exception {
        MyPluginManager manager = started(TestPlugins.root("greeter"));
        String module = manager.quiescer().moduleOf("greeter").orElseThrow();
        HeldCalls held = HeldCalls.start(extension(manager), 1, "held");

        CompletableFuture<PluginState> stop = CompletableFuture.supplyAsync(() -> manager.stopPlugin("greeter"));
        awaitDraining(module);
        assertEquals(List.of(), Lifecycle.stops(), "Plugin.stop() waits for the call inside");
        held.release();

        assertEquals(PluginState.STOPPED, stop.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("Hello, held-0!"), held.answers());
        assertEquals(List.of(new Lifecycle.Stop("greeter", 0)), Lifecycle.stops());
        assertEquals(Outcome.TORN_DOWN, manager.quiescer().report("greeter").orElseThrow().outcome());
    }

    @Test
    void aNewVersionOfTheJarReplacesTheOldOneOnceTheCallInsideItLeft() throws Exception {
        Path root = TestPlugins.root("greeter");
        MyPluginManager manager = started(root);
        String first = manager.quiescer().moduleOf("greeter").orElseThrow();
        HeldCalls held = HeldCalls.start(extension(manager), 1, "held");

        CompletableFuture<Boolean> unload = CompletableFuture.supplyAsync(() -> manager.unloadPlugin("greeter"));
        awaitDraining(first);
        held.release();
        assertEquals(List.of("Hello, held-0!"), held.answers(), "the call inside the old version finished there");
        assertTrue(unload.get(20, TimeUnit.SECONDS));
        UnloadReport old = manager.quiescer().report("greeter").orElseThrow();
        assertEquals(first, old.module());
        assertEquals(Outcome.COLLECTED, old.outcome(), old::toString);

        String id = manager.loadPlugin(TestPlugins.copyAsVersion(root, "greeter", "2.0.0"));
        assertEquals(PluginState.STARTED, manager.startPlugin(id));
        assertEquals("2.0.0", manager.getPlugin("greeter").getDescriptor().getVersion());
        String second = manager.quiescer().moduleOf("greeter").orElseThrow();
        assertNotEquals(first, second);
        assertEquals("Hello, new!", extension(manager).greet("new"));
        assertEquals(ModuleState.ACTIVE, Quiesce.module(second).orElseThrow().state());
    }

    private static MyPluginManager started(Path root) {
        MyPluginManager manager = new MyPluginManager(root);
        manager.loadPlugins();
        manager.startPlugins();
        return manager;
    }

    private static Greeting extension(MyPluginManager manager) {
        return manager.getExtensions(Greeting.class, "greeter").get(0);
    }

    private static void awaitDraining(String module) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Quiesce.module(module).orElseThrow().state() == ModuleState.DRAINING);
    }
}
