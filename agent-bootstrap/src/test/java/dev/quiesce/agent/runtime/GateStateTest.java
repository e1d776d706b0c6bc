package dev.quiesce.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quiesce.ModuleState;
import dev.quiesce.ModuleUnloadedException;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The gate's states move only along the legal edges; an illegal move throws, says why, and changes nothing. */
class GateStateTest {

    @Test
    void theUnloadsPathsAreLegal() {
        Gate gate = new Gate("m");
        gate.beginDrain();
        assertEquals(ModuleState.DRAINING, gate.state());
        gate.cancelDrain();
        assertEquals(ModuleState.ACTIVE, gate.state());
        gate.beginDrain();
        gate.markTearingDown();
        assertEquals(ModuleState.TEARING_DOWN, gate.state());
        gate.markUnloaded();
        assertEquals(ModuleState.UNLOADED, gate.state());
    }

    @Test
    void aCollectedLoaderUnloadsFromAnyState() {
        for (Consumer<Gate> to : List.<Consumer<Gate>>of(g -> { }, Gate::beginDrain,
                g -> { g.beginDrain(); g.markTearingDown(); }, GateStateTest::unloaded)) {
            Gate gate = new Gate("m");
            to.accept(gate);
            gate.markCollected();
            assertEquals(ModuleState.UNLOADED, gate.state());
        }
    }

    @Test
    void everyIllegalMoveThrowsNamingModuleStateAndMove() {
        assertIllegal(g -> { }, Gate::cancelDrain, "module 'm' is ACTIVE: cancelDrain moves it from DRAINING to ACTIVE"
                + " only. Legal moves: ACTIVE->DRAINING, DRAINING->ACTIVE, DRAINING->TEARING_DOWN,"
                + " TEARING_DOWN->UNLOADED");
        assertIllegal(g -> { }, Gate::markTearingDown, "module 'm' is ACTIVE: markTearingDown moves it from DRAINING");
        assertIllegal(g -> { }, Gate::markUnloaded, "module 'm' is ACTIVE: markUnloaded moves it from TEARING_DOWN");
        assertIllegal(Gate::beginDrain, Gate::beginDrain, "module 'm' is DRAINING: beginDrain moves it from ACTIVE");
        assertIllegal(Gate::beginDrain, Gate::markUnloaded, "module 'm' is DRAINING: markUnloaded");
        assertIllegal(g -> { g.beginDrain(); g.markTearingDown(); }, Gate::cancelDrain,
                "module 'm' is TEARING_DOWN: cancelDrain");
        assertIllegal(g -> { g.beginDrain(); g.markTearingDown(); }, Gate::beginDrain,
                "module 'm' is TEARING_DOWN: beginDrain");
        assertIllegal(GateStateTest::unloaded, Gate::beginDrain, "module 'm' is UNLOADED: beginDrain");
        assertIllegal(GateStateTest::unloaded, Gate::markTearingDown, "module 'm' is UNLOADED: markTearingDown");
        assertIllegal(GateStateTest::unloaded, Gate::markUnloaded, "module 'm' is UNLOADED: markUnloaded");
    }

    @Test
    void dyingFollowsTheState() {
        Gate gate = new Gate("m");
        int slot = Gates.register(gate);
        try {
            Gates.exit(Gates.entrance(slot).enter());
            gate.beginDrain();
            assertThrows(ModuleUnloadedException.class, () -> Gates.entrance(slot).enter());
            gate.cancelDrain();
            Gates.exit(Gates.entrance(slot).enter());
            assertEquals(0, gate.inFlight());
            assertEquals(1, gate.counts().refused(), "one refused");
        } finally {
            Gates.release(slot);
        }
    }

    private static void unloaded(Gate gate) {
        gate.beginDrain();
        gate.markTearingDown();
        gate.markUnloaded();
    }

    private static void assertIllegal(Consumer<Gate> from, Consumer<Gate> move, String message) {
        Gate gate = new Gate("m");
        from.accept(gate);
        ModuleState before = gate.state();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> move.accept(gate));
        assertEquals(message, e.getMessage().substring(0, Math.min(message.length(), e.getMessage().length())));
        assertEquals(before, gate.state(), "an illegal move changes nothing");
    }
}
