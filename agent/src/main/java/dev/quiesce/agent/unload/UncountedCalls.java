package dev.quiesce.agent.unload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Calls into a module that started before the agent attached. They run the bytecode from before the
 * retransformation and were never counted, so the gate cannot see them; they are found on thread stacks instead.
 * Only modules discovered by an attach have them; modules discovered as their classes load never do.
 *
 * <p>Invariant: after the attach no thread can start such a call (every new call runs the rewritten bytecode), so a
 * thread whose stack holds no frame of the module's pre-attach classes never will again, and a wait may forget it.
 *
 * <p>Limitation: a stack frame names its class and its class loader's name, not the loader. A frame is taken to be
 * the module's if its class is one of the module classes that were loaded before the attach and its loader has the
 * module loader's name. Frames of two loaders with the same name and classes of the same name cannot be told apart,
 * so a thread counted inside another module whose loader has that name is taken to be in that other module. Virtual
 * threads are not scanned ({@link Thread#getAllStackTraces} does not list them). A thread in such a call that calls
 * the module's entry points while it drains is refused, like any caller the gate does not count as inside.
 */
final class UncountedCalls {
    private static final long MIN_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Set<String> classNames;
    private final String loaderName;

    /**
     * @param classNames the module's classes loaded before the attach (binary names)
     * @param loaderName the module loader's name, or null if it has none
     */
    UncountedCalls(Set<String> classNames, String loaderName) {
        this.classNames = Set.copyOf(classNames);
        this.loaderName = loaderName;
    }

    /** The threads other than the calling one that are in such a call now, less those {@code elsewhere}. */
    List<Thread> threadsInside(Set<Thread> elsewhere) {
        List<Thread> inside = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            Thread thread = entry.getKey();
            if (thread != Thread.currentThread() && !elsewhere.contains(thread) && inModule(entry.getValue())) {
                inside.add(thread);
            }
        }
        return inside;
    }

    /**
     * Waits until no such call is left or the deadline passes: one scan of every stack, then only the stacks of the
     * threads it found, with a back-off from 1 to 10 ms (no exit wakes this wait).
     *
     * @param elsewhere the threads counted inside another module whose loader has the same name, asked anew each time
     * @return whether none is left
     */
    boolean awaitNone(long deadlineNanos, Supplier<Set<Thread>> elsewhere) {
        List<Thread> suspects = threadsInside(Set.of());
        long pause = MIN_PAUSE_NANOS;
        while (true) {
            Set<Thread> explained = elsewhere.get();
            if (explained.containsAll(suspects)) {
                return true;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(this, Math.min(pause, left));
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
            suspects.removeIf(thread -> !thread.isAlive() || !inModule(thread.getStackTrace()));
        }
    }

    private boolean inModule(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (classNames.contains(frame.getClassName()) && Objects.equals(frame.getClassLoaderName(), loaderName)) {
                return true;
            }
        }
        return false;
    }
}
