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
 * The bootstrap of a module's call site that may wait on fork/join work: the agent rewrites such calls (by name and
 * descriptor: a stream's terminal operation, {@code join}, {@code invoke}, ...) into an {@code invokedynamic} that
 * decides when it is linked, from the class that declares the method the original call resolves to: a
 * {@link BaseStream} (waits if the stream is parallel), a {@link ForkJoinTask}, {@link ForkJoinPool#invoke} or
 * {@link Arrays}' {@code parallel*} methods are bracketed by {@link ForkJoinWaits#begin} and {@link ForkJoinWaits#end}
 * (on every return and throw); any other method is linked as the original call. Once linked the call site is
 * constant: a call costs the original's plus, where bracketed, the inside check and two atomic adds, and allocates
 * nothing more.
 */
public final class ForkJoinWaitSites {
    private static final MethodHandle BEGIN;
    private static final MethodHandle BEGIN_PARALLEL;
    private static final MethodHandle END;

    static {
        try {
            MethodHandles.Lookup own = MethodHandles.lookup();
            BEGIN = own.findStatic(ForkJoinWaitSites.class, "begin",
                    MethodType.methodType(boolean.class, Gate.class));
            BEGIN_PARALLEL = own.findStatic(ForkJoinWaitSites.class, "beginParallel",
                    MethodType.methodType(boolean.class, Gate.class, BaseStream.class));
            END = own.findStatic(ForkJoinWaitSites.class, "end",
                    MethodType.methodType(void.class, Gate.class, boolean.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ForkJoinWaitSites() {
    }

    /**
     * Links a call site of type {@code type} whose original call is {@code original} (a constant resolved in the
     * caller, so with its access): bracketed as the class comment says, or as {@code original}. Contract: the call
     * behaves as the original, and while it runs, if the caller is inside the module in {@code slot}, it is counted
     * in that module's {@link ForkJoinWaits}. Proved by {@code ParallelWorkTest}.
     */
    public static CallSite waits(MethodHandles.Lookup caller, String name, MethodType type, MethodHandle original,
                                 int slot) {
        Class<?> declaring = caller.revealDirect(original).getDeclaringClass();
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
