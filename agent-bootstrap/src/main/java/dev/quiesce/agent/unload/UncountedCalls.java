package dev.quiesce.agent.unload;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Calls into a module that started before its classes were rewritten: before the agent attached, or before the
 * loader became a whole-loader module (its classes defined before its first {@code @Unloadable} class). They run the
 * bytecode from before the retransformation and were never counted, so the gate cannot see them; they are found on
 * thread stacks instead. Modules whose every class was rewritten as it loaded never have them.
 *
 * <p>Invariant: once those classes are retransformed no thread can start such a call (every new call runs the
 * rewritten bytecode), and no unload starts before that (the attach, or the module's discovery, refuses it), so a
 * thread whose stack holds no frame of those classes never will again, and a wait may forget it.
 *
 * <p>Another thread's stack names each frame's class and its loader's name only, not the loader. A frame is taken to
 * be the module's if its class is one of those classes and its loader has the module loader's name (unnamed loaders
 * all look alike). So a call into another loader of that name with classes of the
 * same names is waited for too: the wait errs on the side of waiting, and never explains a frame away (two
 * generations of one plugin in unnamed loaders look exactly alike; {@code AttachTest} proves both). Stacks are read
 * to full depth: {@link Thread#getAllStackTraces} and {@link ThreadMXBean#getThreadInfo(long[], int)} with
 * {@code Integer.MAX_VALUE} are not capped, unlike {@link Thread#getStackTrace} on JDK 19 and later (at
 * {@code MaxJavaStackTraceDepth}, 1024 frames). The calling thread's own stack is walked exactly, with its classes
 * ({@link #currentThreadInside}). Virtual threads are not scanned ({@link Thread#getAllStackTraces} does not list
 * them). A thread in such a call that calls the module's entry points while it drains is refused, like any caller
 * the gate does not count as inside.
 */
final class UncountedCalls {
    private static final long MIN_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final Set<String> classNames;
    private final String loaderName;

    /**
     * @param classNames the module's classes loaded before they were rewritten (binary names)
     * @param loaderName the module loader's name, or null if it has none
     */
    UncountedCalls(Set<String> classNames, String loaderName) {
        this.classNames = Set.copyOf(classNames);
        this.loaderName = loaderName;
    }

    /** These calls and those into more classes of the same module. */
    UncountedCalls with(Set<String> moreClassNames) {
        Set<String> all = new HashSet<>(classNames);
        all.addAll(moreClassNames);
        return new UncountedCalls(all, loaderName);
    }

    /** The threads other than the calling one that may be in such a call now, less those {@code excluded}. */
    List<Thread> threadsInside(Set<Thread> excluded) {
        List<Thread> inside = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            Thread thread = entry.getKey();
            if (thread != Thread.currentThread() && !excluded.contains(thread) && inModule(entry.getValue())) {
                inside.add(thread);
            }
        }
        return inside;
    }

    /**
     * Whether the calling thread is in such a call: a frame of one of those classes, defined by {@code loader}
     * itself (an unload from there would wait for itself). Exact: the walk sees the frames' classes.
     */
    boolean currentThreadInside(ClassLoader loader) {
        return WALKER.walk(frames -> frames.anyMatch(frame -> frame.getDeclaringClass().getClassLoader() == loader
                && classNames.contains(frame.getClassName())));
    }

    /**
     * Waits until no such call is left, the deadline passes, or the calling thread is interrupted (its interrupt
     * status is kept): one scan of every stack, then only the stacks of the threads it found, to full depth, with a
     * back-off from 1 to 10 ms (no exit wakes this wait).
     *
     * @return whether none is left
     */
    boolean awaitNone(long deadlineNanos) {
        List<Thread> suspects = threadsInside(Set.of());
        ThreadMXBean threads = suspects.isEmpty() ? null : ManagementFactory.getThreadMXBean();
        long pause = MIN_PAUSE_NANOS;
        while (!suspects.isEmpty()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(this, Math.min(pause, left));
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
            suspects = stillInside(threads, suspects);
        }
        return true;
    }

    /** The suspects whose full stack still has a frame of the module; a thread that ended has none. */
    @SuppressWarnings("deprecation") // Thread.getId: threadId() is JDK 19+, and this runs on 17
    private List<Thread> stillInside(ThreadMXBean threads, List<Thread> suspects) {
        long[] ids = suspects.stream().mapToLong(Thread::getId).toArray();
        ThreadInfo[] infos = threads.getThreadInfo(ids, Integer.MAX_VALUE);
        List<Thread> inside = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && inModule(infos[i].getStackTrace())) {
                inside.add(suspects.get(i));
            }
        }
        return inside;
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
