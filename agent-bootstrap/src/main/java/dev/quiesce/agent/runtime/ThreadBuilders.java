package dev.quiesce.agent.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.UndeclaredThrowableException;

/**
 * JDK 21's {@code Thread.Builder}, which this runtime (compiled for Java 17) cannot name: its methods are method
 * handles, looked up once, when a rewritten call site of a module compiled for 21 first runs (this class is not
 * initialised before). A handle held in a static final field is a constant to the JIT, and calling it allocates
 * nothing.
 */
final class ThreadBuilders {
    /** {@code Thread.Builder.unstarted(Runnable)}, typed {@code (Object, Runnable)Thread}. */
    private static final MethodHandle UNSTARTED;
    /** {@code Thread.ofVirtual()}, typed {@code ()Object}. */
    private static final MethodHandle OF_VIRTUAL;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            UNSTARTED = lookup.findVirtual(builder, "unstarted", MethodType.methodType(Thread.class, Runnable.class))
                    .asType(MethodType.methodType(Thread.class, Object.class, Runnable.class));
            OF_VIRTUAL = lookup.findStatic(Thread.class, "ofVirtual",
                    MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")))
                    .asType(MethodType.methodType(Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ThreadBuilders() {
    }

    /** {@code builder.unstarted(task)}: what {@code builder.start(task)} starts (the JDK's builders do the same). */
    static Thread unstarted(Object builder, Runnable task) {
        try {
            return (Thread) UNSTARTED.invokeExact(builder, task);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) { // unstarted declares no checked exception
            throw new UndeclaredThrowableException(e);
        }
    }

    /** {@code Thread.ofVirtual()}: the builder {@code Thread.startVirtualThread} starts its thread as. */
    static Object ofVirtual() {
        try {
            return (Object) OF_VIRTUAL.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) { // ofVirtual declares no checked exception
            throw new UndeclaredThrowableException(e);
        }
    }
}
