package dev.quiesce.pf4j;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.ModuleState;
import dev.quiesce.ModuleUnloadedException;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.pf4j.support.TestPlugins;
import dev.quiesce.pf4j.testapi.Greeting;
import dev.quiesce.pf4j.testapi.Lifecycle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pf4j.PluginState;

/** stopPlugin with calls from 4 host threads inside the plugin's extension. */
class StopDrainTest {
    private static final int THREADS = 4;
    private static final int REFUSALS_PER_THREAD = 3;

    /** What one host thread saw: its call that was inside when the stop began, then its later calls. */
    private record HostThread(String heldAnswer, int servedLater, List<ModuleUnloadedException> refusedLater) {
    }

    @BeforeEach
    void reset() {
        Lifecycle.reset();
    }

    @Test
    void callsInsideFinishLaterCallsAreRefusedAndStopRunsWithNoCallInside() throws Exception {
        QuiescePluginManager manager = new QuiescePluginManager(TestPlugins.root("greeter"));
        manager.loadPlugins();
        manager.startPlugins();
        Greeting greeting = manager.getExtensions(Greeting.class, "greeter").get(0);
        String module = manager.quiescer().moduleOf("greeter").orElseThrow();

        CountDownLatch inside = new CountDownLatch(THREADS);
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<HostThread>> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            String name = "host-" + i;
            threads.add(CompletableFuture.supplyAsync(() -> callUntilRefused(greeting, name, inside, release),
                    runnable -> new Thread(runnable, name).start()));
        }
        assertTrue(inside.await(10, TimeUnit.SECONDS));

        CompletableFuture<PluginState> stop = CompletableFuture.supplyAsync(() -> manager.stopPlugin("greeter"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Quiesce.module(module).orElseThrow().state()
                == ModuleState.DRAINING);
        assertTrue(Lifecycle.stops().isEmpty(), "Plugin.stop() waits for the calls inside");
        release.countDown();

        assertEquals(PluginState.STOPPED, stop.get(10, TimeUnit.SECONDS));
        assertEquals(List.of(new Lifecycle.Stop("greeter", 0)), Lifecycle.stops());
        for (int i = 0; i < THREADS; i++) {
            HostThread seen = threads.get(i).get(10, TimeUnit.SECONDS);
            assertEquals("Hello, host-" + i + "!", seen.heldAnswer());
            assertEquals(0, seen.servedLater(), "no call that started after the stop began ran");
            assertEquals(REFUSALS_PER_THREAD, seen.refusedLater().size());
            for (ModuleUnloadedException refused : seen.refusedLater()) {
                assertEquals(module, refused.module());
                assertTrue(refused.getMessage().contains("'" + module + "'"), refused.getMessage());
            }
        }
        assertEquals(PluginState.STOPPED, manager.getPlugin("greeter").getPluginState());
        assertEquals(Outcome.TORN_DOWN, manager.quiescer().report("greeter").orElseThrow().outcome());
    }

    /** One host thread: a call held inside until {@code release}, then calls until refused a few times. */
    private static HostThread callUntilRefused(Greeting greeting, String name, CountDownLatch inside,
                                               CountDownLatch release) {
        String held = greeting.greet(name, () -> {
            inside.countDown();
            awaitQuietly(release);
        });
        int served = 0;
        List<ModuleUnloadedException> refused = new ArrayList<>();
        while (refused.size() < REFUSALS_PER_THREAD) {
            try {
                greeting.greet(name);
                served++;
            } catch (ModuleUnloadedException e) {
                refused.add(e);
            }
        }
        return new HostThread(held, served, refused);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
