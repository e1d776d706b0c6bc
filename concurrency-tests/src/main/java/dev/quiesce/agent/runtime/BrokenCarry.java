package dev.quiesce.agent.runtime;

import dev.quiesce.ModuleState;

/**
 * Evidence, not Quiesce: copies of the carrying algorithm ({@link CarriedCounts}) with one step out of order, for
 * the tests that show {@link CarriedSubmissionTest} can fail. The hand-off is modelled by the counters alone.
 */
final class BrokenCarry {
    private BrokenCarry() {
    }

    /** A sum that reads carried-in before the outs ({@link Gate#inFlight} reads it after them), over two cells. */
    static long sumWithCarriedInFirst(Gate gate, Cell first, Cell second) {
        long carriedIn = gate.carried.inSeen();
        long outs = exits(first) + exits(second) + gate.carried.outSeen();
        return carriedIn + entrances(first) + entrances(second) - outs;
    }

    /** {@link Gates#enter} on a given cell, without the nested check: true if admitted. */
    static boolean enter(Gate gate, Cell cell) {
        cell.countIn();
        if (gate.state != ModuleState.ACTIVE) {
            cell.abruptExits++;
            return false;
        }
        return true;
    }

    private static long exits(Cell cell) {
        return cell == null ? 0 : cell.exitsSeen();
    }

    private static long entrances(Cell cell) {
        return cell == null ? 0 : cell.entrancesSeen();
    }
}
