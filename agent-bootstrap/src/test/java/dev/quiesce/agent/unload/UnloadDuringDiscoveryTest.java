package dev.quiesce.agent.unload;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.ModuleState;
import dev.quiesce.Outcome;
import dev.quiesce.UnloadRefusedException;
import dev.quiesce.UnloadReport;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * While the classes a loader defined before it became a module are being retransformed, calls into them are not
 * all counted or known yet: an unload waits for that, up to its drain timeout, and is refused, changing nothing, if
 * it is still running then. (DiscoveryTest, in forked JVMs, drives the retransformation itself; this drives its
 * start and end directly, which no real class load can hold open on demand.)
 */
class UnloadDuringDiscoveryTest {
    private final ModuleRegistry registry = new ModuleRegistry();
    private final Unloader unloader = new Unloader(registry, new Settings(Duration.ofMillis(100), false, false));
    private final ClassLoader loader = new URLClassLoader("discovering", new URL[0], null);

    @Test
    void anUnloadWaitsForTheRetransformationOfTheEarlierClasses() throws Exception {
        UnloadableModule module = discovering();
        CompletableFuture<UnloadReport> unload = CompletableFuture.supplyAsync(
                () -> unloader.tearDown(module.id(), Duration.ofSeconds(30), () -> { }));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !unload.isDone());
        assertEquals(ModuleState.ACTIVE, module.gate().state(), "no drain before the earlier classes are counted");
        registry.discoveryDone(module);
        assertEquals(Outcome.TORN_DOWN, unload.get(10, TimeUnit.SECONDS).outcome());
    }

    @Test
    void anUnloadIsRefusedIfTheRetransformationOutlastsItsDrainTimeout() {
        UnloadableModule module = discovering();
        UnloadRefusedException refused = assertThrows(UnloadRefusedException.class,
                () -> unloader.tearDown(module.id(), Duration.ofMillis(50), () -> { }));
        assertEquals("unload of module 'discovering' refused: the agent is still retransforming the classes its"
                + " class loader defined before the module's first @Unloadable class, so calls into them are not all"
                + " known yet, and that did not finish within the drain timeout; try again once it has finished",
                refused.getMessage());
        assertEquals(ModuleState.ACTIVE, module.gate().state(), "the refusal changed nothing");
        registry.discoveryDone(module);
        assertEquals(Outcome.TORN_DOWN, unloader.tearDown(module.id(), Duration.ofSeconds(1), () -> { }).outcome());
    }

    @Test
    void aModuleFoundByGuardPatternsAloneHasNoDiscovery() {
        UnloadableModule module = registry.moduleFor(loader, false, null, "a.Matched");
        assertFalse(registry.discoveryStarting(module), "only a whole-loader module retransforms its loader's classes");
    }

    private UnloadableModule discovering() {
        UnloadableModule module = registry.moduleFor(loader, true, "discovering", "a.Plugin");
        assertTrue(registry.discoveryStarting(module), "the first claim starts the discovery");
        assertFalse(registry.discoveryStarting(module), "once per module");
        return module;
    }
}
