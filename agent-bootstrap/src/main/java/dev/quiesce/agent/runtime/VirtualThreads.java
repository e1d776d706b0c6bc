package dev.quiesce.agent.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Whether a thread is virtual ({@code Thread.isVirtual()}, JDK 19+, looked up so that the runtime still runs on JDK
 * 17, where no thread is). Asked only on the path of a thread that has no cell in a gate (see {@link Gate}'s notes
 * on virtual threads).
 */
final class VirtualThreads {
    /** {@code boolean (Thread)}, or null before JDK 19. A constant the JIT folds. */
    private static final MethodHandle IS_VIRTUAL = isVirtual();

    private VirtualThreads() {
    }

    static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static MethodHandle isVirtual() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException beforeJdk19) {
            return null;
        }
    }
}
