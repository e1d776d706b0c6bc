package dev.quiesce.agent.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Which stripe a virtual thread's call counts on ({@link Gate}'s notes on virtual threads): its carrier's index in
 * the virtual-thread scheduler's pool, so that virtual threads running at once on different carriers write
 * different stripes, and one carrier's calls one stripe. The carrier is {@code Thread.currentCarrierThread()}, a
 * JDK-internal static method (JDK 19+) the runtime can call because the agent opens {@code java.lang} to it at
 * install ({@code JdkInternals}), as {@link ThreadIds} reads the thread id. Without it (not opened, as in unit tests
 * and jcstress), or for a carrier that is not a pool's thread, the index is a hash of an id. Only speed depends on
 * the choice: a stripe counts with atomic adds, so any number of threads may share one.
 */
final class Carriers {
    /** {@code Thread ()}: the calling thread's carrier; null if the runtime cannot see it. */
    private static final MethodHandle CURRENT_CARRIER = currentCarrier();

    private Carriers() {
    }

    /** The stripe index of the calling thread {@code thread}, whose id is {@code id}: not yet masked. */
    static int index(Thread thread, long id) {
        Thread carrier = thread;
        if (CURRENT_CARRIER != null) {
            try {
                carrier = (Thread) CURRENT_CARRIER.invokeExact();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
        if (carrier instanceof ForkJoinWorkerThread) {
            return ((ForkJoinWorkerThread) carrier).getPoolIndex();
        }
        long mixed = (carrier == thread ? id : ThreadIds.of(carrier)) * 0x9E3779B97F4A7C15L;
        return (int) (mixed >>> 32);
    }

    private static MethodHandle currentCarrier() {
        try {
            return MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                    .findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
        } catch (ReflectiveOperationException | RuntimeException notOpenedOrBeforeJdk19) {
            return null;
        }
    }
}
