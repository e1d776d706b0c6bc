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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
}
