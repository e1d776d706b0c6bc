package dev.quiesce.agent.runtime;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.stream.BaseStream;

/**
 * The bootstrap of a module's fork/join call sites: the agent rewrites, by name and descriptor, the calls that may
 * wait on fork/join work (a stream's terminal operation, {@code join}, {@code invoke}, ...) and those that hand a
 * {@code ForkJoinTask} over ({@code fork()}, {@code ForkJoinPool.execute}/{@code submit} of a task) into an
 * {@code invokedynamic} that decides when it is linked, from the class that declares the method the original call
 * resolves to. A hand-over of a {@link ForkJoinTask} links to {@link CarriedForks}. A wait, on a {@link BaseStream}
 * (if the stream is parallel), a {@link ForkJoinTask}, {@link ForkJoinPool#invoke} or {@link Arrays}'
 * {@code parallel*} methods, is bracketed by {@link ForkJoinWaits#begin} and {@link ForkJoinWaits#end} (on every
 * return and throw). Any other method is linked as the original call. Once linked the call site is constant: a
 * call costs the original's plus, where bracketed, the inside check and two atomic adds, and allocates nothing
 * more (a carried hand-over allocates its carrier).
 */
public final class ForkJoinSites {
    private static final MethodHandle BEGIN;
    private static final MethodHandle BEGIN_PARALLEL;
    private static final MethodHandle END;
    private static final MethodHandle FORK;
    private static final MethodHandle EXECUTE;
    private static final MethodHandle SUBMIT;

    static {
        try {
            MethodHandles.Lookup own = MethodHandles.lookup();
            BEGIN = own.findStatic(ForkJoinSites.class, "begin",
                    MethodType.methodType(boolean.class, Gate.class));
            BEGIN_PARALLEL = own.findStatic(ForkJoinSites.class, "beginParallel",
                    MethodType.methodType(boolean.class, Gate.class, BaseStream.class));
            END = own.findStatic(ForkJoinSites.class, "end",
                    MethodType.methodType(void.class, Gate.class, boolean.class));
            FORK = own.findStatic(CarriedForks.class, "fork",
                    MethodType.methodType(ForkJoinTask.class, ForkJoinTask.class, int.class));
            EXECUTE = own.findStatic(CarriedForks.class, "execute",
                    MethodType.methodType(void.class, ForkJoinPool.class, ForkJoinTask.class, int.class));
            SUBMIT = own.findStatic(CarriedForks.class, "submit",
                    MethodType.methodType(ForkJoinTask.class, ForkJoinPool.class, ForkJoinTask.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ForkJoinSites() {
    }

    /**
     * Links a call site of type {@code type} whose original call is {@code original} (a constant resolved in the
     * caller, so with its access): to {@link CarriedForks}, bracketed, or as {@code original}, as the class comment
     * says. Contract: the call behaves as the original; while it runs, if the caller is inside the module in
     * {@code slot}, a wait is counted in that module's {@link ForkJoinWaits}; a task it hands over is carried.
     * Proved by {@code ParallelWorkTest}, {@code FanOutTest} and {@code CallSiteRewriterTest}.
     */
    public static CallSite link(MethodHandles.Lookup caller, String name, MethodType type, MethodHandle original,
                                int slot) {
        Class<?> declaring = caller.revealDirect(original).getDeclaringClass();
        MethodHandle handOver = handOver(declaring, name, type);
        if (handOver != null) {
            return new ConstantCallSite(MethodHandles.insertArguments(handOver, handOver.type().parameterCount() - 1,
                    slot).asType(type));
        }
        if (!waitsOnForkJoinWork(declaring, name)) {
            return new ConstantCallSite(original.asType(type));
        }
        // Composed on the erased type, then adapted: the combinators adapt shared handles of the JDK's (such as
        // MethodHandleImpl's array collectors), whose one-entry asType cache would otherwise hold the site's types,
        // a module's class among them, from a system class: its loader would never be collected.
        MethodType erased = type.erase();
        MethodHandle target = original.asType(erased);
        Gate gate = Gates.gate(slot);
        MethodHandle begin = BaseStream.class.isAssignableFrom(declaring)
                ? MethodHandles.insertArguments(BEGIN_PARALLEL, 0, gate).asType(
                        MethodType.methodType(boolean.class, erased.parameterType(0)))
                : MethodHandles.insertArguments(BEGIN, 0, gate);
        MethodHandle end = MethodHandles.insertArguments(END, 0, gate); // (boolean)void
        Class<?> result = erased.returnType();
        MethodHandle cleanup = result == void.class
                ? MethodHandles.dropArguments(end, 0, Throwable.class) // (Throwable, boolean)void
                : MethodHandles.dropArguments(MethodHandles.foldArguments(MethodHandles.dropArguments(
                        MethodHandles.identity(result), 1, boolean.class), 1, end), 0, Throwable.class);
        MethodHandle bracketed = MethodHandles.tryFinally(MethodHandles.dropArguments(target, 0, boolean.class),
                cleanup); // (boolean, args...)
        return new ConstantCallSite(MethodHandles.foldArguments(bracketed, begin).asType(type));
    }

    /** The carried hand-over for a call of {@code declaring.name} of {@code type}, or null if it is none. */
    private static MethodHandle handOver(Class<?> declaring, String name, MethodType type) {
        boolean ofATask = type.parameterCount() == 2 && ForkJoinTask.class.isAssignableFrom(type.parameterType(1));
        if (name.equals("fork") && type.parameterCount() == 1 && ForkJoinTask.class.isAssignableFrom(declaring)) {
            return FORK;
        }
        if (declaring != ForkJoinPool.class || !ofATask) {
            return null;
        }
        return name.equals("execute") ? EXECUTE : name.equals("submit") ? SUBMIT : null;
    }

    /** Whether a call of {@code declaring.name} may wait on work the JDK forks into a {@code ForkJoinPool}. */
    private static boolean waitsOnForkJoinWork(Class<?> declaring, String name) {
        if (BaseStream.class.isAssignableFrom(declaring) || ForkJoinTask.class.isAssignableFrom(declaring)) {
            return true;
        }
        if (declaring == ForkJoinPool.class) {
            return name.equals("invoke");
        }
        return declaring == Arrays.class && name.startsWith("parallel");
    }

    private static boolean begin(Gate gate) {
        return ForkJoinWaits.begin(gate);
    }

    private static boolean beginParallel(Gate gate, BaseStream<?, ?> stream) {
        return stream.isParallel() && ForkJoinWaits.begin(gate);
    }

    private static void end(Gate gate, boolean counted) {
        ForkJoinWaits.end(gate, counted);
    }
}
