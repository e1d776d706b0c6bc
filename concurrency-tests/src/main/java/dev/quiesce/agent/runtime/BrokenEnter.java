package dev.quiesce.agent.runtime;

import dev.quiesce.ModuleState;
import dev.quiesce.ModuleUnloadedException;

/**
 * Evidence, not Quiesce: copies of {@link Gates#enter} with one line taken out, for the tests that show the
 * jcstress proofs can fail. Each returns the cell as {@code enter} does, or throws {@link ModuleUnloadedException}.
 */
final class BrokenEnter {
    private BrokenEnter() {
    }

    /** {@code enter} whose refusal forgets to count the call out again ({@code cell.abruptExits++} removed). */
    static Cell withoutTheRefusedCountOut(Gate gate) {
        Cell cell = gate.cellForCurrentThread();
        cell.countIn();
        if (gate.state != ModuleState.ACTIVE) {
            ModuleState refusedIn = gate.refusal(cell);
            if (refusedIn != null) {
                throw new ModuleUnloadedException(gate.module(), refusedIn);
            }
        }
        return cell;
    }

    /** {@code enter} that refuses a caller already inside the module ({@link Gate#refusal}'s nested check removed). */
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
}
