package dev.quiesce.pf4j;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.ModuleState;
import dev.quiesce.ModuleUnloadedException;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import dev.quiesce.pf4j.support.HeldCalls;
import dev.quiesce.pf4j.support.TestPlugins;
import dev.quiesce.pf4j.testapi.Greeting;
import dev.quiesce.pf4j.testapi.Lifecycle;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;

/**
 * The same host, once with PF4J's DefaultPluginManager and once with QuiescePluginManager: 4 calls inside greeter
 * when the host stops it, 10 calls through the extension the host still holds after the stop, then an unload of
 * leaky (a thread and a JDBC driver it forgets). The README's comparison table is this test's output.
 */
class SideBySideTest {
    private static final int HELD = 4;
    private static final int LATER_CALLS = 10;
    /** Full GCs after which a loader that is still reachable counts as kept. */
    private static final int GCS = 5;

    private record Seen(int callsInsideAtStop, int servedAfterStop, int refusedAfterStop, boolean leakyCollected,
                        String leakyReport) {
    }

    @Test
    void plainPf4jStopsWithCallsInsideAndKeepsTheLeakyLoaderWhereQuiesceDoesNeither() throws Exception {
        Seen plain = run(DefaultPluginManager::new);
        Seen quiesce = run(QuiescePluginManager::new);

        System.out.printf("%n| after the same steps                              | DefaultPluginManager | "
                        + "QuiescePluginManager |%n|---|---|---|%n"
                        + "| extension calls inside when Plugin.stop() ran     | %d | %d |%n"
                        + "| calls through the held extension after stopPlugin | %d served, %d refused | %d served, %d"
                        + " refused |%n| leaky's class loader after unloadPlugin          | %s | %s |%n%n",
                plain.callsInsideAtStop(), quiesce.callsInsideAtStop(), plain.servedAfterStop(),
                plain.refusedAfterStop(), quiesce.servedAfterStop(), quiesce.refusedAfterStop(),
                plain.leakyCollected() ? "collected" : "kept, nothing says so",
                quiesce.leakyCollected() ? "collected; " + quiesce.leakyReport() : "kept");

        assertEquals(HELD, plain.callsInsideAtStop(), "PF4J runs Plugin.stop() under the calls inside");
        assertEquals(LATER_CALLS, plain.servedAfterStop(), "PF4J's stopped plugin still serves its extension");
        assertFalse(plain.leakyCollected(), "PF4J closes the loader and hopes");

        assertEquals(0, quiesce.callsInsideAtStop());
        assertEquals(0, quiesce.servedAfterStop());
        assertEquals(LATER_CALLS, quiesce.refusedAfterStop());
        assertTrue(quiesce.leakyCollected());
        assertTrue(quiesce.leakyReport().contains("leaky-poller"), quiesce.leakyReport());
    }

    /** The scenario on one manager. */
    private static Seen run(Function<Path, PluginManager> newManager) throws Exception {
        Lifecycle.reset();
        PluginManager manager = newManager.apply(TestPlugins.root("greeter", "leaky"));
        manager.loadPlugins();
        manager.startPlugins();
        Greeting greeting = manager.getExtensions(Greeting.class, "greeter").get(0);

        HeldCalls held = HeldCalls.start(greeting, HELD, "held");
        CompletableFuture<PluginState> stop = CompletableFuture.supplyAsync(() -> manager.stopPlugin("greeter"));
        await().atMost(Duration.ofSeconds(10)).until(() -> stop.isDone() || isDraining(manager));
        held.release();
        assertEquals(List.of("Hello, held-0!", "Hello, held-1!", "Hello, held-2!", "Hello, held-3!"),
                held.answers());
        assertEquals(PluginState.STOPPED, stop.join());
        int callsInsideAtStop = Lifecycle.stops().get(0).callsInside();

        int served = 0;
        int refused = 0;
        for (int i = 0; i < LATER_CALLS; i++) {
            try {
                greeting.greet("later");
                served++;
            } catch (ModuleUnloadedException e) {
                refused++;
            }
        }

        WeakReference<ClassLoader> leakyLoader = new WeakReference<>(manager.getPluginClassLoader("leaky"));
        assertTrue(manager.unloadPlugin("leaky"));
        boolean collected = collectedWithin(leakyLoader);
        String report = manager instanceof QuiescePluginManager quiesce
                ? summary(quiesce.quiescer().report("leaky").orElseThrow()) : "";
        return new Seen(callsInsideAtStop, served, refused, collected, report);
    }

    private static boolean isDraining(PluginManager manager) {
        return manager instanceof QuiescePluginManager quiesce && Quiesce.module(quiesce.quiescer()
                .moduleOf("greeter").orElseThrow()).orElseThrow().state() == ModuleState.DRAINING;
    }

    private static String summary(UnloadReport report) {
        assertEquals(Outcome.COLLECTED, report.outcome(), report.summary());
        return String.join("; ", report.fixes());
    }

    private static boolean collectedWithin(WeakReference<ClassLoader> loader) {
        for (int i = 0; i < GCS && !loader.refersTo(null); i++) {
            System.gc();
        }
        return loader.refersTo(null);
    }
}
