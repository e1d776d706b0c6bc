package dev.quiesce.agent.runtime;

import dev.quiesce.ModuleState;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The two calls every rewritten entry point makes, and the table that maps the slot number compiled into a module's
 * bytecode to that module's {@link Gate}.
 *
 * <p>A rewritten method is, in effect:
 * <pre>{@code
 * Cell cell = Gates.enter(SLOT);      // counts in, or null if the caller is inside already (a nested call);
 *                                     // throws ModuleUnloadedException if the module is dying
 *                                     // (Gates.enterInitializer(SLOT) in a static initialiser)
 * try { <body> } finally { Gates.exit(cell); }   // if exit throws: if (cell != null) cell.abruptExits++
 * }</pre>
 *
 * <p>Implementation notes. The fast path of {@link #enter} is a plain read of the table, the caller's cell from
 * the gate's table of cells by thread ({@link Gate#cellForCurrentThread}: a plain read, a slot, an identity check)
 * and a plain read of the cell's own counts (is the caller inside already?). An outermost call then does one
 * volatile write to that cell and a volatile read of the gate's state (dying unless ACTIVE). A nested call stops
 * after the reads: it writes nothing and returns {@code null}, and {@link #exit} of {@code null} returns at once,
 * so a run of nested calls is loads only, which the JIT may share between them or hoist out of a loop. {@link #exit}
 * of a cell is one release write and a read of the state. Neither allocates nor locks, and neither writes memory
 * another thread writes. Everything else (first call of a thread, refusal, waking the unloader) happens in
 * {@link Gate} on paths taken only then.
 *
 * <p><b>The plain read of the table.</b> The table is copy-on-write, published with a volatile write under this
 * class's lock; {@link #enter} reads it plain. Slots are registered when a module's first class is instrumented and
 * released only once the module's loader has been collected, so no live class can carry a released slot. A call
 * with slot {@code s} runs code of a class defined after {@code s} was registered, and like every read of the table
 * before it (the JMM is silent on class loading) this relies on the JVM making a class's definition happen-before
 * the execution of its code. So the registration's write happens-before the read, and the read sees that table or a
 * later one (a read never sees a write that happens-before another write that happens-before the read, JLS 17.4.5).
 * Every later table is a fresh copy, made under the lock from a table holding the same gate at {@code s}: a racy
 * read of one shows its slot {@code s} as that gate or as the array's default, null, never another gate. On null
 * (or a slot past the end, which this argument excludes) the lookup reads the table again with acquire, which
 * sees the publication's writes: the gate. A wrong gate is never read, a stale view costs one more read.
 */
public final class Gates {
    /** Written only through {@link #publish} (volatile); read plain by {@link #enter}, acquire by {@link #gate}. */
    private static Gate[] table = new Gate[16];
    private static final VarHandle TABLE;

    static {
        try {
            TABLE = MethodHandles.lookup().findStaticVarHandle(Gates.class, "table", Gate[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Gates() {
    }

    /**
     * Counts the calling thread into the module in {@code slot} and returns its cell for {@link #exit}; or returns
     * {@code null}, counting nothing, if the caller is inside the module already.
     *
     * <p>Contract: it returns counted in, or returns {@code null} to a caller already inside, or throws counted
     * out. A caller already inside (its own cell shows a call in) is admitted in any state and not counted: its
     * outer call is counted, and cannot count out before this nested call returns (program order on the one thread
     * that writes the cell), so every drain that must wait for the nested call waits for the outer one (see
     * {@link Gate}'s notes on nested calls). Any other caller is counted in with the fence, then refused if the
     * module is dying; a refusal counts out with no method call in between ({@link Cell#abruptExits}), so a call
     * that overflows the stack here never stays counted. Proved by {@code DekkerPairTest},
     * {@code NestedDuringDrainTest}, {@code NestedWhileDyingTest}, {@code RefusedCountOutTest} (jcstress) and
     * {@code StackOverflowTest} (forked JVM).
     *
     * @throws dev.quiesce.ModuleUnloadedException if the module is draining or unloaded and the caller is not
     *                                             already inside it; the call is then counted out again
     */
    public static Cell enter(int slot) {
        return countIn(slot, false);
    }

    /**
     * {@link #enter} for a static initialiser ({@code <clinit>}). An initialiser that throws poisons its class for
     * good ({@code NoClassDefFoundError} on every later use), so it is refused only once the module is dead:
     * <ul>
     * <li>ACTIVE or DRAINING: counted in and admitted, so a drain waits for it, and a drain that times out leaves
     *     the class usable;</li>
     * <li>TEARING_DOWN or UNLOADED: refused, unless the thread is already inside the module (a teardown hook that
     *     loads a class): the class is then dead with its module.</li>
     * </ul>
     * A thread already inside is admitted in any state and, as in {@link #enter}, not counted ({@code null}).
     * An initialiser admitted while DRAINING may have counted in after the drain's last sum saw none inside: the
     * drain's sum and this count-in are not ordered. So the unload, after moving the gate to TEARING_DOWN, waits for
     * the counted calls once more before the teardown runs ({@code UnloadRun.tearDown}): that move and this
     * method's count-in and read of the state form a Dekker pair (all volatile), so either this method sees
     * TEARING_DOWN and refuses, or that wait sees the count-in. The policy is proved by
     * {@code StaticInitializerTest} (forked JVM); the window the second wait closes is a few instructions wide and
     * no test drives a call into it yet (a jcstress test against a variant without the second wait is owed).
     *
     * @throws dev.quiesce.ModuleUnloadedException if the module is tearing down or unloaded and the caller is not
     *                                             already inside it
     */
    public static Cell enterInitializer(int slot) {
        return countIn(slot, true);
    }

    /** Both enters: {@code initializer} admits a DRAINING module too. Inlined with a constant, it folds away. */
    private static Cell countIn(int slot, boolean initializer) {
        Gate[] seen = table;
        Gate gate = slot < seen.length ? seen[slot] : null;
        if (gate == null) {
            gate = gate(slot);
        }
        Cell cell = gate.cellForCurrentThread();
        if (cell.ownerInside()) {
            return null;
        }
        cell.countIn();
        ModuleState now = gate.state;
        if (now != ModuleState.ACTIVE && !(initializer && now == ModuleState.DRAINING)) {
            cell.abruptExits++;
            throw gate.refused(now);
        }
        return cell;
    }

    /**
     * Counts the call out, on every return and throw path; for {@code null} (a nested call) it does nothing.
     *
     * <p>Contract: it throws only before counting out (a {@link StackOverflowError} on entering it or in the
     * release write's frames), so a caller that catches its throw and increments {@link Cell#abruptExits} of a
     * cell (not of {@code null}) counts out exactly once; rewritten code does. Whatever the wake-up after the
     * count-out throws is dropped: the drainer sums again within {@link Gate#RECHECK_NANOS}.
     */
    public static void exit(Cell cell) {
        if (cell == null) {
            return;
        }
        cell.countOut();
        Gate gate = cell.gate;
        if (gate.state != ModuleState.ACTIVE) {
            try {
                gate.wakeDrainer();
            } catch (Throwable counted) {
                // a StackOverflowError in unpark: the count-out above is done, and the drainer rechecks
            }
        }
    }

    /** Puts a gate in a free slot and returns the slot. */
    public static synchronized int register(Gate gate) {
        Gate[] current = table;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == null) {
                return publish(current, i, gate);
            }
        }
        return publish(Arrays.copyOf(current, current.length * 2), current.length, gate);
    }

    /** Frees a slot. Only for a module whose loader was collected: no class that uses the slot exists any more. */
    public static synchronized void release(int slot) {
        publish(table, slot, null);
    }

    /** Copy-on-write: a caller of {@link #enter} reads a table that is never written after it is published. */
    private static int publish(Gate[] base, int slot, Gate gate) {
        Gate[] copy = base.clone();
        copy[slot] = gate;
        TABLE.setVolatile(copy);
        return slot;
    }

    /**
     * The gate of {@code slot}, read with acquire: {@link #enter}'s second read (see the notes), and the carrying
     * path's ({@link CarriedCalls}).
     */
    static Gate gate(int slot) {
        return ((Gate[]) TABLE.getAcquire())[slot];
    }
}
