package dev.quiesce.agent.runtime;

import dev.quiesce.ModuleState;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One carried task's claim on its module: counted in flight from its submission until it starts counted on its
 * worker ({@link #start}) or is released ({@link #release}), whichever wins; see {@link CarriedCounts}.
 */
final class Carry {
    private static final int PUBLISHED = 1;
    private static final int STARTED = 2;
    private static final int RELEASED = 3;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Carry.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Gate gate;
    private volatile int state;

    private Carry(Gate gate) {
        this.gate = gate;
    }

    /**
     * A carry for a task the calling thread submits now, or null if it is not carried: the thread is not inside the
     * module, or the module is tearing down or unloaded (a teardown hook's task then runs as a new visit, refused).
     * Contract: carried-in is incremented while the caller is counted inside, and before the carry is published
     * ({@link #state}'s volatile write), so whoever wins the carry later happens-after it. The state is read again
     * after the increment: where "inside" is read from a virtual thread's stack, which can mislead (see
     * {@link Gate}'s notes on virtual threads), the increment and that read against the move to TEARING_DOWN and the
     * wait for counted work after it are a Dekker pair, so a carry taken is always waited for.
     */
    static Carry ifInside(Gate gate) {
        if (!wouldCarry(gate)) {
            return null;
        }
        Carry carry = new Carry(gate);
        gate.carried.carryIn();
        ModuleState after = gate.state;
        if (after != ModuleState.ACTIVE && after != ModuleState.DRAINING) {
            gate.carried.carryOut();
            return null;
        }
        carry.state = PUBLISHED;
        return carry;
    }

    /**
     * Whether {@link #ifInside} would give a carry now: the calling thread is inside the module and the module is
     * active or draining. While the caller stays inside, this stays true (a counted call holds off the teardown).
     */
    static boolean wouldCarry(Gate gate) {
        ModuleState now = gate.state;
        return (now == ModuleState.ACTIVE || now == ModuleState.DRAINING) && gate.currentThreadInside();
    }

    /**
     * On the worker, before the task runs: counts the worker in (no refusal) and then releases the carry, and
     * returns the cell to count out with; or null if the carry was released already (the task then runs as a new
     * visit). Count-in before carried-out: the sum never sees neither.
     */
    Cell start() {
        if (!STATE.compareAndSet(this, PUBLISHED, STARTED)) {
            return null;
        }
        Cell cell = gate.enterCarried();
        gate.carried.carryOut();
        return cell;
    }

    /** The task will not start counted (cancelled, rejected, dropped): the carry is let go, once. */
    void release() {
        if (STATE.compareAndSet(this, PUBLISHED, RELEASED)) {
            gate.carried.carryOut();
            if (gate.state != ModuleState.ACTIVE) {
                gate.wakeDrainer();
            }
        }
    }

    /** Counts the worker out after the task ran; an exit that overflows counts out without a call. */
    static void finish(Cell cell) {
        try {
            Gates.exit(cell);
        } catch (Throwable e) { // only before counting out (Gates.exit's contract)
            cell.abruptExits++;
            throw e;
        }
    }
}
