package dev.quiesce.agent.runtime;

import dev.quiesce.ModuleState;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The calls every rewritten entry point makes, and the table that maps the slot number compiled into a module's
 * bytecode to that module's {@link Gate}.
 *
 * <p>A rewritten method is, in effect:
 * <pre>{@code
 * Entrance entrance = Gates.entrance(SLOT);
 * Cell cell = entrance.enter();   // counts in, or null if the caller is inside already (a nested call, whose
 *                                 // entrance is Entrance.NESTED); throws ModuleUnloadedException if the module
 *                                 // is dying (enterInitializer() in a static initialiser)
 * try { <body> } finally { entrance.exit(); }   // Gates.exit of the cell; if it throws:
 *                                               // if (cell != null) cell.abruptExits++
 * }</pre>
 */
public final class Gates {
    /*
     * Implementation notes. entrance is a plain read of the table, the caller's cell from the gate's table of cells by
     * thread (Gate.entranceOfCurrentThread: a plain read, a slot, a compare of the JVM's thread ids) and a plain read of
     * the cell's own counts (is the caller inside already?). An outermost call's Cell.enter then does one volatile
     * write to that cell and a volatile read of the gate's state (dying unless ACTIVE). A nested call's Entrance.NESTED
     * writes nothing and returns null, and its exit does nothing, so a run of nested calls is loads only, which the
     * JIT may share between them or hoist out of a loop (see Entrance for why the choice is a receiver type, for the
     * exit as for the enter). exit
     * of a cell is one release write and a read of the state. Neither allocates nor locks, and neither writes memory
     * another thread writes. Everything else (first call of a thread, refusal, waking the unloader) happens in Gate on
     * paths taken only then.
     *
     * The plain read of the table. The table is copy-on-write, published with a volatile write under this class's lock;
     * entrance reads it plain. Slots are registered when a module's first class is instrumented and released only once
     * the module's loader has been collected, so no live class can carry a released slot. A call with slot s runs code
     * of a class defined after s was registered, and like every read of the table before it (the JMM is silent on class
     * loading) this relies on the JVM making a class's definition happen-before the execution of its code. So the
     * registration's write happens-before the read, and the read sees that table or a later one (a read never sees a
     * write that happens-before another write that happens-before the read, JLS 17.4.5). Every later table is a fresh
     * copy, made under the lock from a table holding the same gate at s: a racy read of one shows its slot s as that
     * gate or as the array's default, null, never another gate. On null (or a slot past the end, which this argument
     * excludes) the lookup reads the table again with acquire, which sees the publication's writes: the gate. A wrong
     * gate is never read, a stale view costs one more read.
     */

    /** Written only through {@link #publish} (volatile); read plain by {@link #entrance}, acquire by {@link #gate}. */
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
     * The calling thread's {@link Entrance} to the module in {@code slot}: its cell, or {@link Entrance#NESTED} if
     * its cell shows it inside the module already (a nested call), or a virtual thread's stripe. Plain reads only,
     * no write (a platform thread's first call registers its cell, on the slow path). Contract: {@link Entrance#NESTED} only to a thread with a call
     * counted in and not out on its one cell for the gate (see {@link Gate}'s notes on finding the caller's cell).
     */
    public static Entrance entrance(int slot) {
        Gate[] seen = table;
        Gate gate = slot < seen.length ? seen[slot] : null;
        if (gate == null) {
            gate = gate(slot);
        }
        return gate.entranceOfCurrentThread();
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

    /** Copy-on-write: a caller of {@link #entrance} reads a table that is never written after it is published. */
    private static int publish(Gate[] base, int slot, Gate gate) {
        Gate[] copy = base.clone();
        copy[slot] = gate;
        TABLE.setVolatile(copy);
        return slot;
    }

    /**
     * The gate of {@code slot}, read with acquire: {@link #entrance}'s second read (see the notes), and the carrying
     * path's ({@link CarriedCalls}).
     */
    static Gate gate(int slot) {
        return ((Gate[]) TABLE.getAcquire())[slot];
    }
}
