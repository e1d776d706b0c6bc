package dev.quiesce.agent.runtime;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;

/**
 * The bootstrap of a module's call site of a carried executor method ({@code execute(Runnable)}, {@code submit},
 * one-shot {@code schedule}, {@code invokeAll}, {@code invokeAny}, {@code shutdownNow}) whose receiver is typed as a
 * class or interface that is not one of the JDK's ({@code HostPool extends ThreadPoolExecutor}, a library's
 * {@code ListeningExecutorService}, or a class that only has a method of that name): the agent cannot tell at
 * rewriting whether that type is an executor without loading it, so the call site becomes an {@code invokedynamic}
 * that decides when it is linked, in the caller's class, where the receiver's type is resolved as the original call
 * would resolve it. Once linked, the call site is constant: a call costs what the original call or the carried
 * static costs, with no reflection and nothing more allocated.
 */
public final class ExecutorSites {
    private static final MethodHandles.Lookup OWN = MethodHandles.lookup();

    private ExecutorSites() {
    }

    /**
     * Links {@code receiver.name(arguments)} of type {@code (Receiver, arguments...)Returned}: if {@code Receiver}
     * is assignable to the JDK interface that declares the method ({@code Executor} for {@code execute},
     * {@code ScheduledExecutorService} for {@code schedule}, {@code ExecutorService} for the others), to the
     * carried static that the call would get were the receiver typed as that interface, with {@code slot}; if
     * {@code Returned} is a subtype of what that static returns (a covariant override: Guava's
     * {@code ListenableFuture submit(Callable)}), to {@link CarriedOwnCalls}' static, which returns what the
     * receiver's own method returned, cast back to {@code Returned}. Otherwise to the receiver's own method as the
     * original {@code invokevirtual} or {@code invokeinterface} would call it (looked up with the caller's
     * access). Contract: the call behaves as the original, its task carried if the receiver is an executor; the
     * statics call the receiver's methods through the interface (its {@code execute} for a {@code submit} that
     * returns {@code Future}, as on a JDK-typed receiver; its own {@code submit} or {@code schedule} for a narrower
     * return), so its overrides of those run. Proved by {@code CallSiteRewriterTest} (linked both ways, a
     * {@code ForkJoinPool} subclass, a covariant return) and {@code LibraryExecutorTest}.
     */
    public static CallSite link(MethodHandles.Lookup caller, String name, MethodType type, int slot)
            throws ReflectiveOperationException {
        MethodHandle carried = carried(name, type, false);
        MethodHandle target = carried == null
                ? caller.findVirtual(type.parameterType(0), name, type.dropParameterTypes(0, 1))
                : name.equals("shutdownNow") ? carried // it takes no slot: it releases what it drops
                : MethodHandles.insertArguments(carried, carried.type().parameterCount() - 1, slot);
        return new ConstantCallSite(target.asType(type));
    }

    /**
     * The carried static for a call {@code name} of {@code type} (receiver first), or null if its receiver is no
     * executor or it returns something else: as {@link #link} chooses it, with the slot last, or, if
     * {@code slotFirst}, the same static's twin of {@link CarriedReferences} or {@link CarriedOwnReferences} with the
     * slot first (for {@link ReferenceSites}); {@code shutdownNow}'s takes no slot either way.
     */
    static MethodHandle carried(String name, MethodType type, boolean slotFirst) throws ReflectiveOperationException {
        Class<?> receiver = type.parameterType(0);
        Class<?> returned = type.returnType();
        Class<?> declaring = switch (name) {
            case "execute" -> Executor.class;
            case "schedule" -> ScheduledExecutorService.class;
            default -> ExecutorService.class;
        };
        if (!declaring.isAssignableFrom(receiver)) {
            return null;
        }
        Class<?> owner = slotFirst && !name.equals("shutdownNow") ? CarriedReferences.class : CarriedCalls.class;
        Class<?> as = declaring;
        Class<?> returns = returned; // the rewriter matched the JDK's return type, but for these two
        if (name.equals("submit") || name.equals("schedule")) {
            Class<?> jdk = name.equals("submit") ? Future.class : ScheduledFuture.class;
            if (!jdk.isAssignableFrom(returned)) {
                return null;
            }
            if (returned == ForkJoinTask.class && ForkJoinPool.class.isAssignableFrom(receiver)) {
                as = ForkJoinPool.class; // the carried ForkJoinPool submit, as on a receiver typed ForkJoinPool
            } else if (returned != jdk) {
                owner = slotFirst ? CarriedOwnReferences.class : CarriedOwnCalls.class;
                returns = jdk;
            }
        }
        MethodType carried = type.changeParameterType(0, as).changeReturnType(returns);
        if (!name.equals("shutdownNow")) {
            carried = slotFirst ? carried.insertParameterTypes(0, int.class) : carried.appendParameterTypes(int.class);
        }
        return OWN.findStatic(owner, name, carried);
    }
}
