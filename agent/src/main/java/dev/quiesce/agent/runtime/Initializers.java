package dev.quiesce.agent.runtime;

import dev.quiesce.ModuleState;
import java.util.Arrays;

/**
 * The enter of a module's static initialisers ({@code <clinit>}), and the table that maps a slot to its gate for
 * them. A static initialiser that throws poisons its class for good ({@code NoClassDefFoundError} on every later
 * use), so it is refused only once the module is dead:
 * <ul>
 * <li>ACTIVE or DRAINING: counted in and admitted, so a drain waits for it, and a drain that times out leaves the
 *     class usable;</li>
 * <li>TEARING_DOWN or UNLOADED: refused, as {@link Gates#enter} refuses, unless the thread is already inside the
 *     module (a teardown hook that loads a class): the class is then dead with its module.</li>
 * </ul>
 * An initialiser admitted while DRAINING may have counted in after the drain's last sum saw none inside: the
 * drain's sum and this count-in are not ordered. So the unload, after moving the gate to TEARING_DOWN, waits for the
 * counted calls once more before the teardown runs ({@code UnloadRun.tearDown}): that move and this method's
 * count-in and read of the state form a Dekker pair (all volatile), so either this method sees TEARING_DOWN and
 * refuses, or that wait sees the count-in. The policy is proved by {@code StaticInitializerTest} (forked JVM); the
 * window the second wait closes is a few instructions wide and no test drives a call into it yet (a jcstress test
 * against a variant without the second wait is owed).
 */
public final class Initializers {
    private static volatile Gate[] table = new Gate[16];

    private Initializers() {
    }

    /**
     * Counts the calling thread into the module in {@code slot} for a static initialiser; returns its cell for
     * {@link Gates#exit}. Returns counted in, or throws counted out, as {@link Gates#enter}.
     *
     * @throws dev.quiesce.ModuleUnloadedException if the module is tearing down or unloaded and the caller is not
     *                                             already inside it
     */
    public static Cell enter(int slot) {
        Gate gate = table[slot];
        Cell cell = gate.cellForCurrentThread();
        if (cell.ownerInside()) {
            cell.countInNested();
            return cell;
        }
        cell.countIn();
        ModuleState now = gate.state;
        if (now != ModuleState.ACTIVE && now != ModuleState.DRAINING) {
            cell.abruptExits++;
            throw gate.refused(now);
        }
        return cell;
    }

    /** Makes {@code gate} the one of {@code slot}, as {@link Gates#register} gave it. */
    public static synchronized void register(int slot, Gate gate) {
        Gate[] current = table;
        Gate[] copy = Arrays.copyOf(current, Math.max(current.length, Integer.highestOneBit(slot) * 2));
        copy[slot] = gate;
        table = copy;
    }

    /** Frees a slot, when {@link Gates#release} does. */
    public static synchronized void release(int slot) {
        Gate[] copy = table.clone();
        copy[slot] = null;
        table = copy;
    }
}
