package dev.quiesce.agent.runtime;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The bootstrap of a module's {@code start()} call site whose receiver is typed as a class other than
 * {@code Thread} ({@code new Thread() { ... }.start()} names the anonymous subclass): the agent cannot tell at
 * rewriting whether that class is a {@code Thread} without loading it, so the call site becomes an
 * {@code invokedynamic} that decides when it is linked, in the caller's class, where the receiver's class is
 * resolved as the original call would resolve it. Once linked, the call site is constant: a call costs what the
 * original call or {@link CarriedCalls#start(Thread, int)} costs, and allocates nothing more.
 */
public final class ThreadStartSites {
    private ThreadStartSites() {
    }

    /**
     * Links {@code receiver.start()} of type {@code (Receiver)V}: to {@link CarriedCalls#start(Thread, int)} with
     * {@code slot} if {@code Receiver} is a {@code Thread}, else to the receiver's own {@code start()} as the
     * original {@code invokevirtual} would call it (looked up with the caller's access, private nestmates
     * included). Contract: the call behaves as the original, carried if it starts a thread. Proved by
     * {@code ThreadCarryTest} (an anonymous subclass's start, and calls of other classes' {@code start()}).
     */
    public static CallSite start(MethodHandles.Lookup caller, String name, MethodType type, int slot)
            throws ReflectiveOperationException {
        Class<?> receiver = type.parameterType(0);
        MethodHandle target = Thread.class.isAssignableFrom(receiver)
                ? MethodHandles.insertArguments(MethodHandles.lookup().findStatic(CarriedCalls.class, "start",
                        MethodType.methodType(void.class, Thread.class, int.class)), 1, slot)
                : caller.findVirtual(receiver, name, MethodType.methodType(void.class));
        return new ConstantCallSite(target.asType(type));
    }
}
