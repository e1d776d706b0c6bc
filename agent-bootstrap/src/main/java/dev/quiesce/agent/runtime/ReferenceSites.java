package dev.quiesce.agent.runtime;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The bootstraps of a module's carried method references (of {@code LambdaMetafactory.metafactory}; serializable
 * ones, of {@code altMetafactory}, are left alone, since their deserialization checks the implementation). The
 * metafactory's arguments stay as they were, the slot is added. {@link #carried} makes a reference to a known
 * carried static ({@link CarriedReferences}, {@link CarriedStageReferences}) instead of the JDK method it stands
 * for. {@link #metafactory} decides when it is linked, for a reference to a {@code start()} or a carried executor
 * method of a class or interface the agent cannot tell at rewriting is a {@code Thread} or an executor without
 * loading it ({@code worker::start} with {@code Worker} overriding {@code start}, {@code wrapper::submit} with
 * {@code Wrapper implements ExecutorService}), as {@link ThreadStartSites} and {@link ExecutorSites} decide for
 * calls: in the caller's class, where the receiver's type is resolved as the original reference resolves it. Once
 * linked, the call site is constant: making the reference costs what it did (one that captures nothing is made
 * once, as the metafactory makes it), and calling it what the carried static costs, with no reflection.
 */
public final class ReferenceSites {
    private static final MethodHandles.Lookup OWN = MethodHandles.lookup();

    private ReferenceSites() {
    }

    /**
     * Links a method reference whose metafactory arguments are {@code interfaceType}, {@code implementation} and
     * {@code dynamicType}: if the implementation's receiver type (its first parameter) is a {@code Thread} for
     * {@code start()}, or an executor as {@link ExecutorSites#link} requires, as {@link #carried} does with the
     * slot-first twin of the static {@code ExecutorSites} would link ({@link CarriedReferences},
     * {@link CarriedOwnReferences}; {@code shutdownNow}'s takes no slot); otherwise to the metafactory's reference of
     * {@code implementation}, exactly as the original site. Contract: the reference does what the original did, its
     * task or thread carried if the receiver is an executor or a thread. Proved by {@code CallSiteRewriterTest}
     * (linked both ways), {@code ThreadCarryTest} and {@code LibraryExecutorTest}.
     */
    public static CallSite metafactory(MethodHandles.Lookup caller, String name, MethodType factoryType,
                                       MethodType interfaceType, MethodHandle implementation, MethodType dynamicType,
                                       int slot) throws Throwable {
        MethodHandle carried = carriedFor(caller.revealDirect(implementation).getName(), implementation.type());
        return carried == null
                ? LambdaMetafactory.metafactory(caller, name, factoryType, interfaceType, implementation, dynamicType)
                : carried(caller, name, factoryType, interfaceType, carried, dynamicType, slot);
    }

    /**
     * Links a method reference of type {@code factoryType} (the receiver, if bound, its one captured argument) to
     * the metafactory's reference of {@code carried}, a static that takes the slot first (unless it takes none) and
     * then the receiver, if the original method has one: the slot is captured ahead of the receiver, and the
     * receiver as the static's parameter type, since the metafactory wants a static's captured arguments exactly of
     * its parameter types; what the static returns is cast back to what the reference returns, by the
     * metafactory. A reference that captures nothing is made here, once. Contract: the reference does what the
     * original did, through {@code carried}. Proved by {@code CallSiteRewriterTest} and {@code FanOutTest}.
     */
    public static CallSite carried(MethodHandles.Lookup caller, String name, MethodType factoryType,
                                   MethodType interfaceType, MethodHandle carried, MethodType dynamicType, int slot)
            throws Throwable {
        MethodType carriedType = carried.type();
        boolean slotted = carriedType.parameterCount() > 0 && carriedType.parameterType(0) == int.class;
        MethodType made = MethodType.methodType(factoryType.returnType(),
                carriedType.parameterList().subList(0, factoryType.parameterCount() + (slotted ? 1 : 0)));
        MethodHandle target = LambdaMetafactory.metafactory(caller, name, made, interfaceType, carried, dynamicType)
                .getTarget();
        if (slotted) {
            target = MethodHandles.insertArguments(target, 0, slot);
        }
        if (factoryType.parameterCount() == 0) {
            target = MethodHandles.constant(factoryType.returnType(), target.invoke());
        }
        return new ConstantCallSite(target.asType(factoryType));
    }

    /** The carried static for a reference to {@code name} of {@code type} (receiver first), or null. */
    private static MethodHandle carriedFor(String name, MethodType type) throws ReflectiveOperationException {
        if (name.equals("start") && type.parameterCount() == 1 && type.returnType() == void.class) {
            return Thread.class.isAssignableFrom(type.parameterType(0)) ? OWN.findStatic(CarriedReferences.class,
                    "start", MethodType.methodType(void.class, int.class, Thread.class)) : null;
        }
        return ExecutorSites.carried(name, type, true);
    }
}
