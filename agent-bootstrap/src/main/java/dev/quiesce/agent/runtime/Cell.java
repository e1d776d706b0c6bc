package dev.quiesce.agent.runtime;

import dev.quiesce.ModuleState;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;

/**
 * One thread's counts of calls into one module: entrances and exits, both monotone, both written only by the owning
 * thread. The unloader reads them to sum the calls in flight. Or a stripe: the shared counts of the calls of virtual
 * threads, which have no cell of their own (see {@link Gate}'s notes on virtual threads).
 */
public final class Cell extends CellCounters implements Entrance {
    /*
     * Implementation notes. A cell is padded on both sides so that no other object written by another thread shares its
     * cache line: the owner's writes never invalidate another core's line, and the rare reads by an unloader do not
     * slow the owner. @Contended would do the same here (HotSpot honours it in classes of the boot loader, where the
     * agent defines this one), but it is a JDK-internal annotation, in a package java.base does not export, and the
     * same class is also loaded by the application loader in unit tests and jcstress, where HotSpot ignores it:
     * explicit padding gives one layout in every loader. A cell is a weak reference to its thread so that the unloader
     * can name the threads inside a module without keeping dead threads alive. Size: about 340 bytes per (thread,
     * module) pair that has made a call; cells of dead threads are folded into the gate's totals and dropped (see
     * Gate).
     *
     * Memory effects: countIn is a volatile write, so in the synchronization order it comes before the volatile read of
     * the gate's state that follows it on the fast path (the entrant's half of the Dekker pair). countOut is a release
     * write: a call's effects happen-before the unloader's read of the exit that shows the call has left, so teardown
     * never overlaps the call. Exit needs no fence. A nested call writes nothing (see Entrance); ownerInside reads only
     * the owner's own writes, so it reads them plain, which leaves the JIT free to keep them in registers across calls
     * that write nothing.
     *
     * Abrupt exits. A count-out that must not call a method, because the call could itself overflow the stack,
     * increments abruptExits instead: a volatile field, so the increment is two field instructions with no call in them
     * (HotSpot raises StackOverflowError only where a method is entered). Rewritten code does it when its call to
     * Gates.exit throws (which it does only before counting out), and only for a cell: a nested call has none to count
     * out (its null is skipped by an ifnull); enter does it for a refused call. Sums add it to the exits and read it
     * before any entrance.
     *
     * Stripes. A stripe (shared) counts the calls of many virtual threads, so its counts are atomic adds (getAndAdd:
     * a volatile read and write, so countIn is the entrant's half of the Dekker pair as the cell's volatile write is,
     * and countOut publishes the call's effects as the release write does). A stripe's counts are everyone's, so it
     * is never asked ownerInside: Gate hands it out from its slow path only, as an outermost call. The one write that is not atomic is rewritten code's abruptExits++ when its call to Gates.exit overflows the
     * stack: two virtual threads doing that at once on one stripe can lose one, which leaves a call counted in. That
     * errs on the side of waiting (a drain then times out and the module stays in service); it never lets a drain end
     * under a call.
     */

    @SuppressWarnings("unused")
    private long q0, q1, q2, q3, q4, q5, q6, q7, q8, q9, qa, qb, qc, qd, qe, qf;

    private static final VarHandle ENTRANCES;
    private static final VarHandle EXITS;
    private static final VarHandle ABRUPT_EXITS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ENTRANCES = lookup.findVarHandle(CellCounters.class, "entrances", long.class);
            EXITS = lookup.findVarHandle(CellCounters.class, "exits", long.class);
            ABRUPT_EXITS = lookup.findVarHandle(CellCounters.class, "abruptExits", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A cell for {@code owner}, whose {@link ThreadIds#of id} is {@code ownerId}. */
    Cell(Thread owner, long ownerId, Gate gate) {
        super(owner, ownerId, gate, false);
    }

    /** A stripe of {@code gate}: shared by virtual threads, owned by none (no thread's id is negative). */
    Cell(Gate gate) {
        super(null, -1, gate, true);
    }

    /**
     * Any thread: whether this is the cell of {@code thread}, whose id is {@code id}. By the id alone when ids are
     * the JVM's own ({@link ThreadIds#TRUSTED}: unique for the JVM's life, so only the thread with that id made this
     * cell), which is one plain read of a final field; else by identity too. Never true for another thread's cell,
     * even read through a racy table: {@link #ownerId} is final, so whoever sees the cell sees its id.
     */
    boolean ownedBy(Thread thread, long id) {
        return ownerId == id && (ThreadIds.TRUSTED || refersTo(thread));
    }

    /**
     * Owner only, from {@code Gates.entrance(slot).enter()}: counts the owner into the module, outside it until now,
     * and returns this cell for {@link Gates#exit}.
     *
     * <p>Contract: it returns counted in, or throws counted out. The count-in is fenced, then the call is refused
     * if the module is dying; a refusal counts out with no method call in between ({@link #abruptExits}), so a
     * call that overflows the stack here never stays counted. A caller already inside the module gets
     * {@link Entrance#NESTED} instead, admitted in any state and not counted: its outer call is counted, and cannot
     * count out before the nested call returns (see {@link Gate}'s notes on nested calls). A refused call of a
     * carried thread (one module code started from inside a call) is counted in again and admitted while the module
     * drains, after the refusal's count-out ({@link Gate#refusedUnlessCarried}, {@link CarriedThreads}). Proved by
     * {@code DekkerPairTest}, {@code NestedDuringDrainTest}, {@code NestedWhileDyingTest},
     * {@code RefusedCountOutTest} (jcstress) and {@code StackOverflowTest} (forked JVM).
     *
     * @throws dev.quiesce.ModuleUnloadedException if the module is draining or unloaded; the call is then counted
     *                                             out again
     */
    @Override
    public Cell enter() {
        return countIn(false);
    }

    /**
     * {@link #enter} for a static initialiser ({@code <clinit>}). An initialiser that throws poisons its class for
     * good ({@code NoClassDefFoundError} on every later use), so it is refused only once the module is dead:
     * <ul>
     * <li>ACTIVE or DRAINING: counted in and admitted, so a drain waits for it, and a drain that times out leaves
     *     the class usable;</li>
     * <li>TEARING_DOWN or UNLOADED: refused, unless the thread is already inside the module (a teardown hook that
     *     loads a class: {@link Entrance#NESTED}, admitted uncounted): the class is then dead with its module.</li>
     * </ul>
     * An initialiser admitted while DRAINING may have counted in after the drain's last sum saw none inside: the
     * drain's sum and this count-in are not ordered. So the unload, after moving the gate to TEARING_DOWN, waits for
     * the counted calls once more before the teardown runs ({@code UnloadRun.tearDown}): that move and this
     * method's count-in and read of the state form a Dekker pair (all volatile), so either this method sees
     * TEARING_DOWN and refuses, or that wait sees the count-in. The policy is proved by
     * {@code StaticInitializerTest} (forked JVM), the second wait by {@code StaticInitializerWindowTest} (jcstress;
     * {@code WithoutTheSecondWaitTest} shows the window without it).
     *
     * @throws dev.quiesce.ModuleUnloadedException if the module is tearing down or unloaded
     */
    @Override
    public Cell enterInitializer() {
        return countIn(true);
    }

    @Override
    public void exit() {
        Gates.exit(this);
    }

    /** Both enters: {@code initializer} admits a DRAINING module too. Inlined with a constant, it folds away. */
    private Cell countIn(boolean initializer) {
        countIn();
        ModuleState now = gate.state;
        if (now != ModuleState.ACTIVE && !(initializer && now == ModuleState.DRAINING)) {
            if (shared) {
                ABRUPT_EXITS.getAndAdd(this, 1L);
            } else {
                abruptExits++;
            }
            return gate.refusedUnlessCarried(this, now);
        }
        return this;
    }

    /**
     * Owner only, or any thread on a stripe: one more call entered. A volatile write (a stripe's atomic add): full
     * fence before the caller's next volatile read.
     */
    void countIn() {
        if (shared) {
            ENTRANCES.getAndAdd(this, 1L);
        } else {
            ENTRANCES.setVolatile(this, entrances + 1);
        }
    }

    /**
     * Owner only, or any thread on a stripe: one call left. A release write (a stripe's atomic add), no fence: the
     * call's effects happen-before a sum that sees it.
     */
    void countOut() {
        if (shared) {
            EXITS.getAndAdd(this, 1L);
        } else {
            EXITS.setRelease(this, exits + 1);
        }
    }

    /**
     * Owner only: whether the owner is inside the module. Plain reads, the volatile {@link #abruptExits} too: only
     * the owner writes these fields, so program order makes its own last writes the ones it reads.
     */
    boolean ownerInside() {
        return entrances != exits + (long) ABRUPT_EXITS.get(this);
    }

    /** Any thread: the exits the owner (a stripe's threads) has published, all kinds. Read before any entrance. */
    long exitsSeen() {
        return (long) EXITS.getVolatile(this) + abruptExits;
    }

    /** Any thread: the entrances the owner (a stripe's threads) has published. */
    long entrancesSeen() {
        return (long) ENTRANCES.getVolatile(this);
    }
}

/** Padding before the counters: keeps the object header and the reference's fields off their cache line. */
abstract class CellPadding extends WeakReference<Thread> {
    @SuppressWarnings("unused")
    private long p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, pa, pb, pc, pd, pe, pf;

    CellPadding(Thread owner) {
        super(owner);
    }
}

/** The counters and the gate they count for, between two runs of padding. */
abstract class CellCounters extends CellPadding {
    long entrances;
    long exits;
    /**
     * Owner only writes: exits counted without a method call (see {@link Cell}). Public because rewritten module
     * code increments it, as {@code Cell.abruptExits}, when its call to {@link Gates#exit} overflows the stack.
     */
    public volatile long abruptExits;
    final Gate gate;
    /** The owner's {@link ThreadIds#of id}: how {@link Cell#ownedBy} knows it, and where {@link Gate} places it. */
    final long ownerId;
    /** Whether this is a stripe, whose counts every virtual thread without a cell writes, by atomic adds only. */
    final boolean shared;

    CellCounters(Thread owner, long ownerId, Gate gate, boolean shared) {
        super(owner);
        this.gate = gate;
        this.ownerId = ownerId;
        this.shared = shared;
    }
}
