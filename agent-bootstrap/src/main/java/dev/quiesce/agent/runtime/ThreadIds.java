package dev.quiesce.agent.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A thread's id as the JVM assigned it, which no subclass can change: {@code Thread.threadId()} (final, JDK 19+), or on
 * JDK 17 the private final field {@code Thread.tid} behind the overridable {@code getId()}, readable because the agent
 * opens {@code java.lang} to the runtime at install, before any gate exists ({@code JdkInternals}, for the leak scan;
 * {@code AgentStartupTest.theRuntimeKnowsThreadsByTheJvmsId} checks it). The JVM takes each id from one counter when it
 * constructs the thread and never reuses it, so no two threads in the JVM's life share one: a cell
 * made for the thread with id {@code i} belongs to the one thread whose id is {@code i} ({@link #TRUSTED}). Without
 * that access ({@code java.lang} not opened, as in unit tests on JDK 17) the id is {@code getId()}, which a subclass
 * may override, and {@link #TRUSTED} is false: the owner is then also checked by identity.
 */
final class ThreadIds {
    /** {@code long (Thread)}: the JVM's id, or {@code getId()} when {@link #TRUSTED} is false. */
    private static final MethodHandle ID;
    /** Whether {@link #of} is the JVM's own id, unique for the JVM's life. A constant the JIT folds. */
    static final boolean TRUSTED;

    static {
        MethodType type = MethodType.methodType(long.class);
        MethodHandle id;
        boolean trusted = true;
        try {
            id = MethodHandles.publicLookup().findVirtual(Thread.class, "threadId", type);
        } catch (ReflectiveOperationException noThreadId) {
            try {
                id = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                        .findGetter(Thread.class, "tid", long.class);
            } catch (ReflectiveOperationException | RuntimeException notOpened) {
                trusted = false;
                try {
                    id = MethodHandles.publicLookup().findVirtual(Thread.class, "getId", type);
                } catch (ReflectiveOperationException e) {
                    throw new ExceptionInInitializerError(e);
                }
            }
        }
        ID = id;
        TRUSTED = trusted;
    }

    private ThreadIds() {
    }

    /** The id of {@code thread}: see the class notes for when it is the JVM's own. A plain read of a final field. */
    static long of(Thread thread) {
        try {
            return (long) ID.invokeExact(thread);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
