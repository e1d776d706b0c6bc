package dev.quiesce.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.ModuleState;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import dev.quiesce.it.forked.EarlierHelperMain;
import dev.quiesce.it.support.ForkedJvm;
import dev.quiesce.it.support.HeldPath;
import dev.quiesce.it.support.HugeClass;
import dev.quiesce.it.support.Plugins;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A plugin host that loads an unannotated helper ({@code Util}) before the plugin's {@code @Unloadable} class: once
 * that class makes the loader a module, the helper is module code too. A call the host makes straight into the
 * helper, held there while an unload starts, makes the drain wait, whether it started after the discovery (it is
 * counted) or before (it runs the helper's old bytecode, and the stack scan finds it); the teardown hook, which
 * checks that none of the helper runs, runs once after it left. A helper that cannot be rewritten makes the unload
 * refuse, with the reason.
 */
class DiscoveryTest {
    static final String UTIL = "dev.quiesce.testplugins.discovery.Util";
    static final String PLUGIN = "dev.quiesce.testplugins.discovery.Plugin";

    @Test
    void aCallIntoAHelperLoadedBeforeTheModuleIsCountedOnceTheModuleIsFound() throws Exception {
        assertDrainWaits("after", false);
    }

    @Test
    void aCallRunningInTheHelperWhenTheModuleIsFoundIsWaitedFor() throws Exception {
        assertDrainWaits("across", true);
    }

    @Test
    void aHelperThatCannotBeRewrittenMakesTheUnloadRefuse() throws Exception {
        ForkedJvm.Result run = ForkedJvm.run("", List.of(), EarlierHelperMain.class.getName());
        String out = run.output();
        String why = HugeClass.HELPER + " (dev.quiesce.shaded.asm.MethodTooLargeException: Method too large:"
                + " huge/Helper.count ()I)";
        assertEquals(0, run.exitCode(), out);
        assertTrue(out.contains("count " + HugeClass.INCREMENTS + "\nmodule before false\n"),
                "the helper ran before its loader was a module: " + out);
        assertTrue(out.contains("refused unload of module 'discovery' refused: 1 of its classes could not be"
                + " instrumented, so calls into them are not counted and teardown could run under them: " + why
                + ". "), out);
        assertTrue(out.contains("info discovery ACTIVE uninstrumented [" + why + "]\n"), out);
    }

    /**
     * Holds a call in the helper, {@code beforeDiscovery} or after it (then once the helper's calls count), starts an
     * unload (before the discovery, right after the module's class loaded: it waits for the discovery first), and
     * checks that it waits for the call and tears down only after it.
     */
    private static void assertDrainWaits(String name, boolean beforeDiscovery) throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        AtomicInteger violations = new AtomicInteger();
        String id;
        CompletableFuture<UnloadReport> unload;
        try (HeldPath held = new HeldPath()) {
            id = startHeld("discovery-" + name, beforeDiscovery, held, events, violations);
            String module = id;
            unload = CompletableFuture.supplyAsync(() -> Quiesce.unload(module, Duration.ofSeconds(30)));
            await().atMost(Duration.ofSeconds(10)).until(() -> Plugins.info(module).state() != ModuleState.ACTIVE);
            assertEquals(ModuleState.DRAINING, Plugins.info(id).state(), "the unload did not wait for the helper");
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !unload.isDone());
            assertEquals(beforeDiscovery ? 0 : 1, Plugins.info(id).inFlight(),
                    "a call that started after the discovery is counted; one from before runs uncounted");
            assertEquals(List.of(), events, "no teardown while the helper is inside");
            held.release();
            assertEquals("held", held.result(), "the call in flight finished normally");
        }
        UnloadReport report = unload.get(30, TimeUnit.SECONDS);
        assertEquals(List.of("onUnload inside=0"), events, "the teardown ran once, after the helper's call left");
        assertEquals(0, violations.get(), "module code ran during or after the teardown");
        assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
    }

    /** Loads the helper, then the module, holds a call in the helper; returns the module's id, keeps no loader. */
    private static String startHeld(String loaderName, boolean beforeDiscovery, HeldPath held, List<String> events,
                                    AtomicInteger violations) throws Exception {
        URLClassLoader loader = Plugins.newLoader(loaderName, false);
        Class<?> util = loader.loadClass(UTIL);
        Plugins.call(util, "host", (Consumer<String>) events::add, violations);
        if (beforeDiscovery) {
            held.start(() -> Plugins.call(util, "hold", held.entered, held.release), loaderName);
        }
        assertTrue(Quiesce.moduleOf(loader).isEmpty(), "the helper alone makes no module");
        loader.loadClass(PLUGIN);
        String id = Plugins.moduleId(loader);
        if (!beforeDiscovery) {
            await("calls into the helper count once its loader is a module").atMost(Duration.ofSeconds(10))
                    .until(() -> (int) Plugins.call(util, "ping") >= 0 && Plugins.info(id).entrances() > 0);
            held.start(() -> Plugins.call(util, "hold", held.entered, held.release), loaderName);
        }
        return id;
    }
}
