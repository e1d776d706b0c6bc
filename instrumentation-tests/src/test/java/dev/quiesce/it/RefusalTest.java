package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.ModuleState;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadRefusedException;
import dev.quiesce.UnloadReport;
import dev.quiesce.it.support.HeldCall;
import dev.quiesce.it.support.LoadedPlugin;
import dev.quiesce.it.support.Plugins;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Unloads that cannot start are refused with a clear message and change nothing. */
class RefusalTest {

    @Test
    void unloadFromInsideTheModuleIsRefusedInsteadOfWaitingForItself() {
        LoadedPlugin plugin = LoadedPlugin.load("self-drain", false, Plugins.WORKER);
        String failure = plugin.failure("unloadMyself", plugin.id());
        assertTrue(failure.startsWith("UnloadRefusedException: unload of module '" + plugin.id() + "' refused: the"
                + " calling thread \"" + Thread.currentThread().getName() + "\" is inside the module"), failure);
        assertEquals(ModuleState.ACTIVE, plugin.info().state(), "nothing changed");
        assertEquals("nested", plugin.call("nested"));
    }

    @Test
    void unknownModuleIsRefusedAndTheKnownOnesListed() {
        LoadedPlugin plugin = LoadedPlugin.load("known", false, Plugins.WORKER);
        UnloadRefusedException e = assertThrows(UnloadRefusedException.class,
                () -> Quiesce.unload("no-such-module", Duration.ofSeconds(1)));
        assertTrue(e.getMessage().startsWith("no module named 'no-such-module'; known modules: "), e.getMessage());
        assertTrue(e.getMessage().contains(plugin.id()), e.getMessage());
    }

    @Test
    void secondUnloadWhileDrainingIsRefusedAndUnloadedModuleCannotBeUnloadedAgain() throws Exception {
        LoadedPlugin plugin = LoadedPlugin.load("double", false, Plugins.WORKER);
        CompletableFuture<UnloadReport> first;
        try (HeldCall held = plugin.hold("hold", "double-caller")) {
            first = plugin.unloadAsync(Duration.ofSeconds(30));
            plugin.awaitState(ModuleState.DRAINING);
            UnloadRefusedException second = assertThrows(UnloadRefusedException.class,
                    () -> Quiesce.unload(plugin.id(), Duration.ofSeconds(1)));
            assertEquals("module '" + plugin.id() + "' is already DRAINING: another unload is in progress; wait for"
                    + " its report", second.getMessage());
            plugin.drop();
            held.release();
            held.result();
        }
        assertEquals(Outcome.COLLECTED, first.get(30, TimeUnit.SECONDS).outcome());
        UnloadRefusedException again = assertThrows(UnloadRefusedException.class,
                () -> Quiesce.unload(plugin.id(), Duration.ofSeconds(1)));
        assertEquals("module '" + plugin.id() + "' is already unloaded", again.getMessage());
    }

    /**
     * A drain that timed out is not over until its @OnResume hooks have run: the first unload is held inside its
     * @OnResume hook, the module is ACTIVE again, and a second unload is refused all the same, so it cannot drain the
     * module while the first one resumes it.
     */
    @Test
    void aSecondUnloadIsRefusedUntilTheFirstHasRunItsResumeHooks() throws Exception {
        LoadedPlugin plugin = LoadedPlugin.load("resume-race", false, Plugins.WORKER);
        CountDownLatch inResume = new CountDownLatch(1);
        CountDownLatch letResume = new CountDownLatch(1);
        List<String> events = new CopyOnWriteArrayList<>();
        plugin.callStatic("events", (Consumer<String>) event -> {
            events.add(event);
            if (event.equals("onResume") && inResume.getCount() > 0) {
                inResume.countDown();
                awaitQuietly(letResume);
            }
        });
        try (HeldCall held = plugin.hold("hold", "resume-race-caller")) {
            CompletableFuture<UnloadReport> first = plugin.unloadAsync(Duration.ofMillis(100));
            assertTrue(inResume.await(10, TimeUnit.SECONDS), "the first unload timed out and runs @OnResume");
            assertEquals(ModuleState.ACTIVE, plugin.info().state());
            UnloadRefusedException second = assertThrows(UnloadRefusedException.class,
                    () -> Quiesce.unload(plugin.id(), Duration.ofSeconds(1)));
            assertEquals("module '" + plugin.id() + "' is still being unloaded (it is ACTIVE: that unload's drain is"
                    + " starting, or timed out and its @OnResume hooks are running): another unload is in progress;"
                    + " wait for its report", second.getMessage());
            letResume.countDown();
            assertEquals(Outcome.TIMED_OUT, first.get(10, TimeUnit.SECONDS).outcome());
            assertEquals(List.of("onDrain active=1", "onResume"), events, "the refused unload ran no hook");
            plugin.drop();
            held.release();
            held.result();
        }
        assertEquals(Outcome.COLLECTED, Quiesce.unload(plugin.id(), Duration.ofSeconds(5)).outcome(),
                "once the first unload is over, the next one starts");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
