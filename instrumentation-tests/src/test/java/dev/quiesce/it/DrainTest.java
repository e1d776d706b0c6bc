package dev.quiesce.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.Blocker;
import dev.quiesce.ModuleListener;
import dev.quiesce.ModuleState;
import dev.quiesce.ModuleUnloadedException;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import dev.quiesce.it.support.HeldCall;
import dev.quiesce.it.support.LoadedPlugin;
import dev.quiesce.it.support.Plugins;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Draining: waits for calls in flight, refuses new ones, admits nested ones, and rolls back on timeout. */
class DrainTest {

    private ModuleUnloadedException refusal;

    @Test
    void heldCallMakesDrainWaitAndUnloadCompletesRightAfterItLeaves() throws Exception {
        LoadedPlugin plugin = LoadedPlugin.load("drain-wait", false, Plugins.WORKER);
        AtomicInteger lateBodyRuns = new AtomicInteger();
        CompletableFuture<UnloadReport> unload;
        try (HeldCall held = plugin.hold("hold", "drain-wait-caller")) {
            unload = plugin.unloadAsync(Duration.ofSeconds(30));
            plugin.awaitState(ModuleState.DRAINING);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !unload.isDone());
            assertEquals(1, plugin.info().inFlight());

            // Kept until the end: a refusal the caller holds on to must not pin the module.
            refusal = plugin.refusedException("work", lateBodyRuns);
            assertEquals(0, lateBodyRuns.get(), "a refused call never runs its body");
            assertEquals(ModuleState.DRAINING, refusal.state());
            assertTrue(refusal.getMessage().startsWith("module '" + plugin.id() + "' is DRAINING"));
            assertTrue(Arrays.stream(refusal.getStackTrace()).anyMatch(f -> f.getMethodName().equals("work")),
                    "the refusal's stack shows the refused method");
            assertTrue(refusal.getStackTrace()[0].getClassName().startsWith("dev.quiesce.agent.runtime."),
                    "the refusal's stack starts where the call was refused, not in exception constructors: "
                            + refusal.getStackTrace()[0]);

            plugin.drop();
            held.release();
            assertEquals("held", held.result(), "the call in flight finished normally");
        }
        UnloadReport report = unload.get(30, TimeUnit.SECONDS);
        assertEquals(plugin.id(), report.module());
        assertEquals(1, report.inFlightAtStart());
        assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
        assertEquals(ModuleState.UNLOADED, plugin.info().state());
        assertEquals(1, plugin.info().refused());
        assertEquals(plugin.id(), refusal.module());
    }

    @Test
    void nestedCallOfAThreadInsideIsAdmittedWhileDraining() throws Exception {
        LoadedPlugin plugin = LoadedPlugin.load("drain-nested", false, Plugins.WORKER);
        List<String> events = new CopyOnWriteArrayList<>();
        plugin.callStatic("events", (Consumer<String>) events::add);
        CompletableFuture<UnloadReport> unload;
        try (HeldCall held = plugin.hold("holdThenNested", "drain-nested-caller")) {
            unload = plugin.unloadAsync(Duration.ofSeconds(30));
            plugin.awaitState(ModuleState.DRAINING);
            plugin.drop();
            held.release();
            assertEquals("nested", held.result(), "the nested call ran while draining");
        }
        assertEquals(Outcome.COLLECTED, unload.get(30, TimeUnit.SECONDS).outcome());
        assertEquals(List.of("onDrain active=0", "onUnload active=0 nested=nested"), events);
    }

    @Test
    void callbackThroughTheHostReEntersTheModuleWhileDraining() throws Exception {
        LoadedPlugin plugin = LoadedPlugin.load("drain-callback", false, Plugins.WORKER);
        // The unloading thread is started here, not from the callback: a thread created under module frames
        // inherits their access control context on JDK 17, which pins the module's loader.
        CountDownLatch startUnload = new CountDownLatch(1);
        CompletableFuture<UnloadReport> unload = CompletableFuture.supplyAsync(() -> {
            awaitLatch(startUnload);
            return Quiesce.unload(plugin.id(), Duration.ofSeconds(30));
        });
        Supplier<String> host = () -> {
            startUnload.countDown();
            plugin.awaitState(ModuleState.DRAINING);
            return (String) plugin.call("nested");
        };
        assertEquals("host said nested", plugin.call("callHost", host));
        plugin.drop();
        UnloadReport report = unload.get(30, TimeUnit.SECONDS);
        assertEquals(1, report.inFlightAtStart());
        assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
    }

    private static void awaitLatch(CountDownLatch latch) {
        await().atMost(Duration.ofSeconds(10)).until(() -> latch.await(0, TimeUnit.MILLISECONDS));
    }

    @Test
    void timeoutRollsBackToActiveUntouchedAndNamesTheBlocker() throws Exception {
        LoadedPlugin plugin = LoadedPlugin.load("drain-timeout", false, Plugins.WORKER);
        List<String> events = new CopyOnWriteArrayList<>();
        plugin.callStatic("events", (Consumer<String>) events::add);
        List<String> heard = new CopyOnWriteArrayList<>();
        ModuleListener listener = new ModuleListener() {
            @Override
            public void draining(String module) {
                heard.add("draining " + module);
            }

            @Override
            public void resumed(String module) {
                heard.add("resumed " + module + " " + Plugins.info(module).state() + " after " + events);
            }

            @Override
            public void unloaded(String module) {
                heard.add("unloaded " + module);
            }
        };
        Quiesce.addListener(listener);
        try (HeldCall held = plugin.hold("hold", "drain-timeout-caller")) {
            UnloadReport report = Quiesce.unload(plugin.id(), Duration.ofMillis(200));
            Quiesce.removeListener(listener);
            assertEquals(Outcome.TIMED_OUT, report.outcome());
            assertEquals(List.of("draining " + plugin.id(), "resumed " + plugin.id() + " ACTIVE after [onDrain active=1,"
                    + " onResume]"), heard, "listeners hear the module resume, after its @OnResume hooks");
            assertTrue(report.drainMillis() >= 200, "waited the whole timeout: " + report.drainMillis());
            assertEquals(1, report.blockers().size());
            Blocker blocker = report.blockers().get(0);
            assertEquals("drain-timeout-caller", blocker.thread(), blocker.toString());
            assertEquals("WAITING", blocker.threadState(), "held on a latch: " + blocker);
            assertEquals("\"drain-timeout-caller\" (id " + blocker.threadId() + ", WAITING) is inside module '"
                    + plugin.id() + "'", blocker.headline());
            assertTrue(blocker.frames().stream().anyMatch(frame -> frame.startsWith(
                    "drain-timeout//dev.quiesce.testplugins.Worker.hold(")), blocker.toString());
            assertTrue(blocker.text().startsWith(blocker.headline() + "\n\tat "), blocker.text());
            assertTrue(report.summary().contains(": 1 thread(s) or task group(s) still inside after "),
                    report.summary());

            assertEquals(ModuleState.ACTIVE, plugin.info().state());
            assertEquals(42, plugin.call("work", new AtomicInteger()), "calls are admitted again");
            assertEquals(List.of("onDrain active=1", "onResume"), events);
            held.release();
            assertEquals("held", held.result());
        }
        assertFalse(events.stream().anyMatch(e -> e.startsWith("onUnload")), "no teardown after a timeout");
        plugin.drop();
        assertEquals(Outcome.COLLECTED, Quiesce.unload(plugin.id(), Duration.ofSeconds(10)).outcome());
    }

    /**
     * An interrupt of the unloading thread ends the drain like a timeout: the module is ACTIVE again and untouched,
     * the report says why, and the thread's interrupt status is kept.
     */
    @Test
    void anInterruptedDrainStopsAtOnceLikeATimeoutAndKeepsTheInterrupt() throws Exception {
        LoadedPlugin plugin = LoadedPlugin.load("drain-interrupted", false, Plugins.WORKER);
        String id = plugin.id();
        CompletableFuture<UnloadReport> report = new CompletableFuture<>();
        CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
        try (HeldCall held = plugin.hold("hold", "drain-interrupted-caller")) {
            Thread unloading = new Thread(() -> {
                try {
                    report.complete(Quiesce.unload(id, Duration.ofSeconds(60)));
                } catch (Throwable t) {
                    report.completeExceptionally(t);
                }
                stillInterrupted.complete(Thread.currentThread().isInterrupted());
            }, "interrupted-unloader");
            unloading.start();
            plugin.awaitState(ModuleState.DRAINING);
            unloading.interrupt();
            UnloadReport timedOut = report.get(10, TimeUnit.SECONDS);
            assertEquals(Outcome.TIMED_OUT, timedOut.outcome(), timedOut.toString());
            assertTrue(timedOut.drainMillis() < 10_000, timedOut.toString());
            assertEquals(1, timedOut.blockers().size(), timedOut.toString());
            assertTrue(timedOut.problems().get(0).startsWith("the unloading thread \"interrupted-unloader\" was"
                    + " interrupted after "), timedOut.problems().toString());
            assertTrue(stillInterrupted.get(10, TimeUnit.SECONDS), "the interrupt status is kept");
            assertEquals(ModuleState.ACTIVE, plugin.info().state());
            assertEquals("nested", plugin.call("nested"), "the module is back in service");
            held.release();
            assertEquals("held", held.result());
        }
    }
}
