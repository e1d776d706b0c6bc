package dev.quiesce.agent.runtime;

import dev.quiesce.ModuleState;
import dev.quiesce.ModuleUnloadedException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * One module's admission gate: its state, the per-thread {@link Cell}s, and the drain wait. This is
 * NetBSD's localcount(9) with the pserialize(9) half folded in: a flag that refuses new references, per-thread
 * counts that cost no interprocessor synchronization to release, and a drain that sums them.
 */
public final class Gate {
    /*
     * Implementation notes.
     *
     * State machine. One volatile field, state, moved only by compare-and-set from its legal source: ACTIVE to DRAINING
     * (beginDrain), DRAINING back to ACTIVE (cancelDrain), DRAINING to TEARING_DOWN, TEARING_DOWN to UNLOADED; and any
     * state to UNLOADED when the loader was collected without an unload (markCollected). An illegal move throws and
     * changes nothing. "Dying" is state != ACTIVE, not a second field, so the fast path's one volatile read sees both
     * at once and they can never disagree: there is no order of two writes for an entrant to fall between.
     *
     * Dekker pair. An entrant does countIn (volatile write to its cell), then reads state (volatile): dying if not
     * ACTIVE. The unloader's ACTIVE-to-DRAINING compare-and-set writes state (volatile), then it reads every cell
     * (volatile). All four are synchronization actions, totally ordered and consistent with program order, so one of
     * the two reads comes after the other side's write: either the entrant sees dying and is refused, or the unloader
     * sees the entrance and waits for its exit. "Body runs and the unloader saw zero in flight" is impossible. A
     * thread's first call registers its cell under lock before counting in, and the unloader sums under the same lock,
     * so a new cell is never missed.
     *
     * Summing. Entrances and exits are separate monotone counts. The sum reads every exit, then every entrance: a call
     * that entered before the exit reads is counted by the entrance reads, so the in-flight total never under-counts
     * (Linux's per-CPU module refcount read decs before incs for the same reason). A cell never changes thread, so a
     * call cannot enter on one cell and leave on another.
     *
     * Wake-up. An exit that sees dying unparks the drainer. The exit's release write and its read of state may reorder,
     * so an exit can miss a drain that started at the same instant while the drainer's sum misses that exit; the
     * drainer therefore re-sums at least every RECHECK_NANOS, bounding a lost wake-up to one recheck. An unpark that
     * arrives before the drainer parks is kept as the thread's permit, so it is not lost.
     *
     * Finding the caller's cell. cellOfThread is a table of the cells, indexed by a hash of the thread's id (open
     * addressing, linear probing, at most half full, so a probe always ends at an empty slot). The id is the JVM's own
     * (ThreadIds: threadId(), or Thread.tid on JDK 17, where getId is overridable): unique for the JVM's life, so the
     * owner check is one compare of the caller's id with the cell's final ownerId, plain loads the JIT may share
     * between calls (without that id, it also checks identity with refersTo, the cell being a weak reference to its
     * thread). A slot is written only under lock, only from empty to a cell, and never cleared: a cell therefore sits
     * at its home slot or after an unbroken run of cells from it, in every table it is in. Growing or pruning builds a
     * new table under the lock and publishes it with a release write. The fast path reads the table and its slots
     * plain; a racy read may show an older or a newer table, and a slot of it as empty. That costs at most a trip to
     * the slow path, never a wrong cell: a racy slot read shows null or some cell, whose final ownerId it reads as
     * constructed (JLS 17.5), and a cell is made only by the thread it is for, so a cell with the caller's id is the
     * caller's own. A caller whose view misses its own cell takes the slow path, which looks again under the lock
     * before registering (registered): every slot and table write happened under the lock, so that look is exact and
     * finds the cell the caller already has. So every (thread, gate) pair has exactly one cell, which the nested check
     * relies on (without the JVM's id, a thread whose overridden getId changes could get a second one: its nested calls
     * would then take the fenced path, and be refused while dying, but every call still counts in and out on one cell).
     * currentThreadInside, which must not miss the cell, reads the table with acquire: the caller's own cell is then
     * always in it, since it wrote the slot itself (program order) or the table is newer and was built under the lock
     * after that write. No thread refers to a gate or a cell: once a module's loader is gone, its gate and cells are
     * garbage (a ThreadLocal would keep them in every caller's ThreadLocalMap). Proved by FirstCallRegistrationTest,
     * PruneDeadThreadsTest (jcstress), CellTableTest (200 threads with colliding homes, growth and pruning; a view that
     * misses the caller's cell finds it again; a thread whose getId lies gets its own cell) and UnloadedGatesTest
     * (forked JVM).
     *
     * Nested calls. A thread already inside the module (a nested call, or a callback through the host) is admitted in
     * any state, or in-flight work would fail half-way. It is not counted at all: Gates.entrance gives it
     * Entrance.NESTED, whose enter returns null, and Gates.exit of null does nothing, so a nested call writes no memory
     * and reads no state. Why that is safe: "inside" is read from the caller's own cell, which only it writes, so it is
     * exact: the caller has an outer call counted in and not out. That outer call counted in with the fence, so the
     * Dekker pair above holds for it (or it was refused and is not inside), and it cannot count out before the nested
     * call returns (program order on the one thread that writes the cell; a nested call that throws or overflows
     * unwinds through the outer call's own count-out). So whenever the nested call runs, its thread's cell shows a call
     * in, and every drain whose sum follows the outer call's count-in in the Dekker order waits for the outer call, and
     * with it for the nested one. A count-out of the outer call seen by a sum happens-after the nested call returned
     * (release write), so teardown never overlaps a nested call. What the sum of entrances counts is outermost calls: a
     * status report's entrances exclude nested calls. Proved by NestedDuringDrainTest and NestedWhileDyingTest
     * (jcstress); WithoutTheInsideCheckTest shows a first call taken for a nested one being missed by the drain.
     *
     * Dead threads. When a thread's first call finds twice as many cells as the last pruning kept (and at least 16),
     * the cells whose thread has terminated are folded into the retired totals (termination happens-before isAlive() ==
     * false) and dropped, from the table too (it is rebuilt), so memory is bounded by the live threads that have called
     * the module. A live thread's cell is never pruned, so it stays in every later table.
     *
     * Virtual threads. A server that starts a virtual thread per request would register a cell, under the lock, for
     * every request, and keep it until the next pruning. So a virtual thread's call gets no cell: it counts on one of a
     * few stripes, cells shared by all virtual threads (Cell's notes: atomic adds), picked by the thread's carrier
     * (Carriers: virtual threads running at once on different carriers write different stripes) and made once, on
     * the first such call, published by compare-and-set. Nothing is registered, nothing is
     * locked, nothing outlives the thread. The Dekker pair holds as for a cell: the stripe's count-in is an atomic add
     * (a volatile read and write), then the state's volatile read; the sum reads the stripes (outs, then ins) after
     * the drain's compare-and-set, and a stripe array published before a count-in is the one every later sum reads.
     * What a stripe cannot tell is whether a given thread is inside: a virtual thread's nested call counts in again,
     * fenced (it is not free, as a platform thread's is). While the module is dying, such a call that sees the state
     * counts out and asks the thread's stack (stackShowsACallInside): a frame of a class of the module below the
     * frame of the method being entered is, but for the cases below, a call that counted in and has not counted out
     * (every method of a module class counts itself, or runs nested in one that did, and counts out only as its frame
     * is left), which holds the drain, and with it this call. The call then counts in again and reads the state once
     * more: if the module is not yet TEARING_DOWN it is admitted, else it counts out and is refused. That second read
     * makes the admission safe even where the stack misleads (a bridge, which is not counted; a constructor's frame
     * before its super call; code not yet rewritten): the count-in and that read against the move to TEARING_DOWN
     * and the wait for counted calls that follows it (UnloadRun) are again a Dekker pair, so either the call sees
     * TEARING_DOWN, or the teardown waits for it. Such a frame can only let a new visit in while the module drains,
     * and the drain then waits for it too. The same walk says whether a virtual thread is inside for
     * currentThreadInside (an unload from inside; a task it submits is carried, Carry's second read guarding it the
     * same way). A carried task starting on a virtual thread and the teardown's hooks run on a registered cell
     * (cellForCurrentThread), as a platform thread's do, so that their calls are nested calls; a virtual thread's cell
     * may so come to exist while an outer call of it counts on a stripe (a task run inline), so for a virtual thread
     * the stack is asked even when its cell says outside. Which classes are the
     * module's the unload layer says (members). Proved by StripedCountTest and StripedDekkerTest (jcstress;
     * WithoutTheStripeFenceTest shows the drain missing a count-in with no fence, WithoutAtomicStripesTest a call
     * lost when a stripe counts as a cell does) and VirtualThreadTest (forked
     * JVM: nested calls and carried work admitted while draining, new requests refused, nothing kept per thread).
     */

    /** Longest the drainer sleeps before summing again, bounding a missed wake-up. */
    static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int MIN_TABLE = 8;

    private static final VarHandle STATE;
    private static final VarHandle CELL_OF_THREAD;
    private static final VarHandle STRIPES;
    /** Stripes per gate: a few per processor, at least one per carrier of the default scheduler. */
    private static final int STRIPE_COUNT = Math.min(64, Integer.highestOneBit(
            Math.max(1, Runtime.getRuntime().availableProcessors())) * 4);
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(Gate.class, "state", ModuleState.class);
            CELL_OF_THREAD = lookup.findVarHandle(Gate.class, "cellOfThread", Cell[].class);
            STRIPES = lookup.findVarHandle(Gate.class, "stripes", Cell[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String module;
    /** Dying is {@code state != ACTIVE}; read by {@link Gates} on every call. Written only through {@link #move}. */
    volatile ModuleState state = ModuleState.ACTIVE;
    private volatile Thread drainer;

    /**
     * Cells by thread: see the implementation notes. A power of two long, at most half full. Written under the lock
     * with release ({@link #publishTable}); read plain by the fast path, acquire by {@link #currentThreadInside}.
     */
    private Cell[] cellOfThread = new Cell[MIN_TABLE];
    private final Object lock = new Object();
    /** The virtual threads' cells, made on the first call of one (see the notes); null until then. */
    private volatile Cell[] stripes;
    /** Which classes are the module's, for the stack of a virtual thread: none until the unload layer says. */
    private volatile Predicate<Class<?>> members = type -> false;
    private Cell[] cells = new Cell[4];
    private int cellCount;
    private int pruneAt = 16;
    private long retiredEntrances;
    private long retiredExits;
    private final LongAdder refused = new LongAdder();
    /** Tasks submitted from inside the module and not yet started or released: see {@link CarriedCounts}. */
    final CarriedCounts carried = new CarriedCounts();
    /** Threads started from inside the module and not yet ended: see {@link CarriedThreads}. */
    final CarriedThreads threads = new CarriedThreads();
    /** Calls inside the module waiting on fork/join work now: see {@link ForkJoinWaits}. */
    final ForkJoinWaits forkJoinWaits = new ForkJoinWaits();

    public Gate(String module) {
        this.module = module;
    }

    public String module() {
        return module;
    }

    /**
     * Says which classes are the module's code (their frames on a virtual thread's stack are calls inside it). Set
     * by the unload layer before the module's first class is defined; must not hold the module's loader strongly.
     */
    public void members(Predicate<Class<?>> members) {
        this.members = members;
    }

    public ModuleState state() {
        return state;
    }

    /**
     * The calling thread's {@link Entrance} ({@link Gates#entrance}): its cell, or {@link Entrance#NESTED} if the
     * cell shows it inside already, or, for a virtual thread, its stripe. Contract: {@link Entrance#NESTED} only to a
     * thread with a call counted in and not out on its one cell; a stripe is never asked (see the notes on virtual
     * threads). Plain reads only on the path of a thread with a cell.
     */
    Entrance entranceOfCurrentThread() {
        Thread thread = Thread.currentThread();
        long id = ThreadIds.of(thread);
        Cell[] table = cellOfThread;
        int home = home(id, table.length);
        Cell cell = table[home];
        if (cell == null || !cell.ownedBy(thread, id)) {
            cell = find(thread, id, table, home);
            if (cell == null) {
                if (VirtualThreads.isVirtual(thread)) {
                    return stripe(Carriers.index(thread, id));
                }
                cell = registered(thread, id);
            }
        }
        return cell.ownerInside() ? Entrance.NESTED : cell;
    }

    /**
     * The calling thread's cell, registered on its first call (before it is counted in: see the Dekker notes); a
     * virtual thread gets one too here (its calls use it from then on), for the entries that must know it inside
     * afterwards: a carried task's start and the teardown's hooks. Contract: the same cell on every call of a
     * thread, found without a lock or a write once registered (see the implementation notes). Proved by
     * {@code FirstCallRegistrationTest} (jcstress), {@code CellTableTest} and {@code UnloadedGatesTest}.
     */
    Cell cellForCurrentThread() {
        return cellForCurrentThread(cellOfThread);
    }

    /**
     * {@link #cellForCurrentThread} through {@code table}, the caller's view of {@link #cellOfThread}, which may be
     * stale or miss slots: the same cell whatever the view. Package-private for {@code CellTableTest}.
     */
    Cell cellForCurrentThread(Cell[] table) {
        Thread thread = Thread.currentThread();
        long id = ThreadIds.of(thread);
        int home = home(id, table.length);
        Cell cell = table[home];
        return cell != null && cell.ownedBy(thread, id) ? cell : probe(thread, id, table, home);
    }

    /**
     * Stripe {@code index} (masked); the stripes are made on the first call and published by compare-and-set (a
     * loser takes the winner's). Contract: every thread gets a stripe of the one array every sum reads.
     * Package-private for {@code StripedCountTest}.
     */
    Cell stripe(int index) {
        Cell[] all = stripes;
        if (all == null) {
            Cell[] made = new Cell[STRIPE_COUNT];
            for (int i = 0; i < made.length; i++) {
                made[i] = new Cell(this);
            }
            Cell[] won = (Cell[]) STRIPES.compareAndExchange(this, (Cell[]) null, made);
            all = won == null ? made : won;
        }
        return all[index & (all.length - 1)];
    }

    /** A thread's home slot: the high half of its id times 2^64 / phi, so that consecutive ids spread. */
    private static int home(long threadId, int length) {
        return (int) (threadId * 0x9E3779B97F4A7C15L >>> 32) & (length - 1);
    }

    /** The rest of the probe from {@code slot}, or the slow path of the thread's first call. */
    private Cell probe(Thread thread, long id, Cell[] table, int slot) {
        Cell found = find(thread, id, table, slot);
        return found != null ? found : registered(thread, id);
    }

    /** The cell of {@code thread} (id {@code id}) in {@code table}, probing from {@code slot}; null if none there. */
    private static Cell find(Thread thread, long id, Cell[] table, int slot) {
        int mask = table.length - 1;
        for (int i = slot; ; i = (i + 1) & mask) {
            Cell cell = table[i];
            if (cell == null || cell.ownedBy(thread, id)) {
                return cell;
            }
        }
    }

    /**
     * Slow path of a thread's first call, or of a view that missed the thread's cell: under the lock, the cell the
     * thread has, or else (after pruning if due) a new cell registered in the list and the table.
     */
    private Cell registered(Thread thread, long id) {
        synchronized (lock) {
            Cell[] current = cellOfThread;
            Cell known = find(thread, id, current, home(id, current.length));
            if (known != null) {
                return known;
            }
            Cell cell = new Cell(thread, id, this);
            if (cellCount == pruneAt) {
                pruneDeadThreads();
            }
            if (cellCount == cells.length) {
                cells = Arrays.copyOf(cells, cellCount * 2);
            }
            cells[cellCount++] = cell;
            Cell[] table = cellOfThread;
            if (cellCount * 2 > table.length) {
                publishTable(tableOf(cells, cellCount));
            } else {
                place(table, cell);
            }
            return cell;
        }
    }

    /** Under the lock: a release write, so a reader that sees the table with acquire sees its slots. */
    private void publishTable(Cell[] table) {
        CELL_OF_THREAD.setRelease(this, table);
    }

    /** A new table, at most half full, holding the first {@code count} of {@code cells}. */
    private static Cell[] tableOf(Cell[] cells, int count) {
        Cell[] table = new Cell[Math.max(MIN_TABLE, Integer.highestOneBit(Math.max(1, count)) * 4)];
        for (int i = 0; i < count; i++) {
            place(table, cells[i]);
        }
        return table;
    }

    /** Writes the cell into the first empty slot from its thread's home. Under the lock, or before publishing. */
    private static void place(Cell[] table, Cell cell) {
        int mask = table.length - 1;
        int i = home(cell.ownerId, table.length);
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = cell;
    }

    /**
     * A refused call, already counted out by {@code enter}: counts the refusal, wakes the drainer (which also
     * re-sums on its own within {@link #RECHECK_NANOS}), and says why. Proved by {@code RefusedCountOutTest}.
     */
    ModuleUnloadedException refused(ModuleState now) {
        refused.increment();
        wakeDrainer();
        return new ModuleUnloadedException(module, now);
    }

    /**
     * A call that {@code cell}'s {@code enter} counted out because the module is dying: admitted, counted in again,
     * if the module is draining and the calling thread is a carried thread ({@link CarriedThreads#admit}); or if
     * the thread is virtual (on a stripe, or on a cell it took later while its outer call counts on a stripe) and
     * its stack shows a call inside (a nested call: see the notes), or the module is draining and the thread is a
     * fork/join worker while a call inside waits on fork/join work ({@link ForkJoinWaits}), and the state read after
     * counting in again is not yet TEARING_DOWN; else {@link #refused}. Only on the refusal path. Proved by
     * {@code CarriedThreadAdmissionTest} (jcstress), {@code ThreadCarryTest}, {@code VirtualThreadTest} and
     * {@code ParallelWorkTest}.
     */
    Cell refusedUnlessCarried(Cell cell, ModuleState now) {
        if (now == ModuleState.DRAINING && threads.admit(cell)) {
            return cell;
        }
        if ((cell.shared || VirtualThreads.isVirtual(Thread.currentThread())) && stackShowsACallInside(1)
                || now == ModuleState.DRAINING && forkJoinWaits.admitsCurrentThread()) {
            cell.countIn();
            ModuleState after = state;
            if (after == ModuleState.DRAINING || after == ModuleState.ACTIVE) {
                return cell;
            }
            cell.countOut();
        }
        throw refused(now);
    }

    /**
     * Whether the calling thread's stack has a frame of a module class below its top {@code entering} frames outside
     * this package (the method whose entrance is being decided, if any). Exact: the walk sees each frame's class.
     */
    private boolean stackShowsACallInside(int entering) {
        Predicate<Class<?>> module = members;
        String runtime = Gate.class.getPackageName();
        return WALKER.walk(frames -> frames
                .dropWhile(frame -> frame.getDeclaringClass().getPackageName().equals(runtime))
                .skip(entering)
                .anyMatch(frame -> module.test(frame.getDeclaringClass())));
    }

    void wakeDrainer() {
        Thread waiting = drainer;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    /**
     * ACTIVE to DRAINING: from here on new calls are refused. The compare-and-set is the unloader's half of the
     * Dekker pair; the sums that follow read every cell after it. Proved by {@code DekkerPairTest}.
     *
     * @throws IllegalStateException if the module is not ACTIVE; nothing changes then
     */
    public void beginDrain() {
        move(ModuleState.ACTIVE, ModuleState.DRAINING, "beginDrain");
    }

    /**
     * DRAINING to ACTIVE, for a drain that timed out: the module admits calls again. A call that saw the drain is
     * refused (and counted out) or admitted, never left counted. Proved by {@code CancelDrainTest}.
     *
     * @throws IllegalStateException if the module is not DRAINING
     */
    public void cancelDrain() {
        move(ModuleState.DRAINING, ModuleState.ACTIVE, "cancelDrain");
    }

    /**
     * DRAINING to TEARING_DOWN: the drain succeeded; calls stay refused for good.
     *
     * @throws IllegalStateException if the module is not DRAINING
     */
    public void markTearingDown() {
        move(ModuleState.DRAINING, ModuleState.TEARING_DOWN, "markTearingDown");
    }

    /**
     * TEARING_DOWN to UNLOADED: teardown is over.
     *
     * @throws IllegalStateException if the module is not TEARING_DOWN
     */
    public void markUnloaded() {
        move(ModuleState.TEARING_DOWN, ModuleState.UNLOADED, "markUnloaded");
    }

    /** Any state to UNLOADED: the module's loader was collected without an unload, so no class can call in. */
    public void markCollected() {
        state = ModuleState.UNLOADED;
    }

    private void move(ModuleState from, ModuleState to, String operation) {
        ModuleState was = (ModuleState) STATE.compareAndExchange(this, from, to);
        if (was != from) {
            throw new IllegalStateException("module '" + module + "' is " + was + ": " + operation + " moves it from "
                    + from + " to " + to + " only. Legal moves: ACTIVE->DRAINING, DRAINING->ACTIVE,"
                    + " DRAINING->TEARING_DOWN, TEARING_DOWN->UNLOADED");
        }
    }

    /**
     * Waits until no call is inside the module or the deadline passes. Woken by exits; re-sums at least every
     * {@link #RECHECK_NANOS}. Call after {@link #beginDrain}.
     *
     * @return whether the module drained
     */
    public boolean awaitDrained(long deadlineNanos) {
        drainer = Thread.currentThread();
        try {
            while (inFlight() > 0) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(this, Math.min(left, RECHECK_NANOS));
            }
            return true;
        } finally {
            drainer = null;
        }
    }

    /**
     * Calls inside the module, carried tasks not yet started and carried threads not yet ended (their carries let go
     * first if they ended: {@link CarriedThreads#releaseEnded}): every "out" (exits, carried-out) is read before any
     * "in" (entrances, carried-in), so this never under-counts (see {@link CarriedCounts} for the carried half).
     */
    public long inFlight() {
        threads.releaseEnded();
        synchronized (lock) {
            Cell[] shared = stripes;
            long outs = sumExits(shared) + carried.outSeen();
            return sumEntrances(shared) + carried.inSeen() - outs;
        }
    }

    /**
     * Counts for a status report: entrances, exits, refused, carried tasks not yet started and carried threads not
     * yet ended (outs read first).
     */
    public GateCounts counts() {
        threads.releaseEnded();
        synchronized (lock) {
            Cell[] shared = stripes;
            long exits = sumExits(shared);
            long carriedOut = carried.outSeen();
            long entrances = sumEntrances(shared);
            return new GateCounts(entrances, exits, refused.sum(), carried.inSeen() - carriedOut);
        }
    }

    /** Under the lock: every cell's exits and those of {@code shared}, the stripes read once for the whole sum. */
    private long sumExits(Cell[] shared) {
        long exits = retiredExits;
        for (int i = 0; i < cellCount; i++) {
            exits += cells[i].exitsSeen();
        }
        return exits + stripeExits(shared);
    }

    /** Under the lock: every cell's entrances and those of {@code shared}, the array {@link #sumExits} read. */
    private long sumEntrances(Cell[] shared) {
        long entrances = retiredEntrances;
        for (int i = 0; i < cellCount; i++) {
            entrances += cells[i].entrancesSeen();
        }
        return entrances + stripeEntrances(shared);
    }

    /** The exits of {@code shared}, the stripes (none if null). */
    private static long stripeExits(Cell[] shared) {
        long exits = 0;
        for (int i = 0; shared != null && i < shared.length; i++) {
            exits += shared[i].exitsSeen();
        }
        return exits;
    }

    /** The entrances of {@code shared}, the stripes (none if null). Read after {@link #stripeExits}. */
    private static long stripeEntrances(Cell[] shared) {
        long entrances = 0;
        for (int i = 0; shared != null && i < shared.length; i++) {
            entrances += shared[i].entrancesSeen();
        }
        return entrances;
    }

    /** The live threads with a call inside the module now. */
    public List<Thread> threadsInside() {
        List<Thread> inside = new ArrayList<>();
        synchronized (lock) {
            for (int i = 0; i < cellCount; i++) {
                Cell cell = cells[i];
                long exits = cell.exitsSeen();
                Thread owner = cell.get();
                if (cell.entrancesSeen() > exits && owner != null && owner.isAlive()) {
                    inside.add(owner);
                }
            }
        }
        return inside;
    }

    /** The threads started from inside the module that have not ended: a drain waits for them. */
    public List<Thread> carriedThreads() {
        return threads.alive();
    }

    /**
     * Whether the calling thread is inside the module (an unload from there would wait for itself): by its cell, or
     * for a virtual thread by its stack (see the notes).
     */
    public boolean currentThreadInside() {
        Thread thread = Thread.currentThread();
        long id = ThreadIds.of(thread);
        Cell[] table = (Cell[]) CELL_OF_THREAD.getAcquire(this);
        Cell cell = find(thread, id, table, home(id, table.length));
        if (cell != null && cell.ownerInside()) {
            return true;
        }
        return VirtualThreads.isVirtual(thread) && stackShowsACallInside(0);
    }

    /** Calls of virtual threads inside the module now: they have no cell, so they are counted, not named. */
    public long virtualThreadCallsInside() {
        Cell[] shared = stripes;
        long exits = stripeExits(shared);
        return stripeEntrances(shared) - exits;
    }

    /**
     * Counts the calling thread in without the dying check, so that teardown hooks run as a call inside the module
     * and may call its entry points. Pair with {@link Gates#exit}.
     */
    public Cell enterForTeardown() {
        Cell cell = cellForCurrentThread();
        cell.countIn();
        return cell;
    }

    /**
     * Counts the calling thread in without the dying check, for a carried task that starts on it ({@link Carry#start}):
     * the drain has counted the task since its submission, so it is admitted as a nested call would be. Pair with
     * {@link Gates#exit}. Proved by {@code CarriedSubmissionTest}.
     */
    Cell enterCarried() {
        Cell cell = cellForCurrentThread();
        cell.countIn();
        return cell;
    }

    private void pruneDeadThreads() {
        int kept = 0;
        for (int i = 0; i < cellCount; i++) {
            Cell cell = cells[i];
            Thread owner = cell.get();
            if (owner == null || !owner.isAlive()) {
                retiredEntrances += cell.entrancesSeen();
                retiredExits += cell.exitsSeen();
            } else {
                cells[kept++] = cell;
            }
        }
        Arrays.fill(cells, kept, cellCount, null);
        cellCount = kept;
        publishTable(tableOf(cells, kept));
        pruneAt = Math.max(16, kept * 2);
    }
}
