package dev.quiesce.agent.runtime;

import dev.quiesce.ModuleState;
import dev.quiesce.ModuleUnloadedException;

/**
 * Evidence, not Quiesce: copies of {@code Gates.entrance(slot).enter()} with one line taken out or changed, for the
 * tests that show the jcstress proofs can fail. Each returns the cell (or {@code null} for a call it takes for a
 * nested one) as {@code enter} does, or throws {@link ModuleUnloadedException}; and a stripe's counts done as a
 * cell's.
 */
final class BrokenEnter {
    private BrokenEnter() {
    }

    /** {@code enter} whose refusal forgets to count the call out again ({@code cell.abruptExits++} removed). */
    static Cell withoutTheRefusedCountOut(Gate gate) {
        Cell cell = gate.cellForCurrentThread();
        if (cell.ownerInside()) {
            return null;
        }
        cell.countIn();
        ModuleState now = gate.state;
        if (now != ModuleState.ACTIVE) {
            throw new ModuleUnloadedException(gate.module(), now);
        }
        return cell;
    }

    /** {@code enter} that refuses a caller already inside the module (the nested path removed). */
    static Cell withoutTheNestedCheck(Gate gate) {
        Cell cell = gate.cellForCurrentThread();
        cell.countIn();
        ModuleState now = gate.state;
        if (now != ModuleState.ACTIVE) {
            cell.abruptExits++;
            throw new ModuleUnloadedException(gate.module(), now);
        }
        return cell;
    }

    /**
     * {@code enter} that takes a thread for one inside the module if it has ever called it ({@code ownerInside()}
     * replaced by a look at its entrances): a first call of a thread that called before skips the fence and the
     * state check.
     */
    static Cell withoutTheInsideCheck(Gate gate) {
        Cell cell = gate.cellForCurrentThread();
        if (cell.entrances > 0) {
            return null;
        }
        cell.countIn();
        ModuleState now = gate.state;
        if (now != ModuleState.ACTIVE) {
            cell.abruptExits++;
            throw new ModuleUnloadedException(gate.module(), now);
        }
        return cell;
    }

    /** A stripe's count-in done as a cell's (its owner's read, then a write), not as an atomic add. */
    static void countInAsACell(Cell stripe) {
        stripe.entrances = stripe.entrances + 1;
    }

    /** A stripe's count-out done as a cell's, a read and a write. */
    static void countOutAsACell(Cell stripe) {
        stripe.exits = stripe.exits + 1;
    }
}
