package dev.quiesce.pf4j.support;

import dev.quiesce.ModuleUnloadedException;
import dev.quiesce.pf4j.testapi.Greeting;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * What a host puts in front of a plugin it reloads: calls go to the current generation's extension; while none is
 * set, callers wait ({@link #awaitOpen}) for the next one; a call the old generation refused (its body did not run)
 * is retried there.
 *
 * <p>Callers wait in their own frame, never under {@link #tryGreet}: compiled code that inlined a generation's
 * extension holds that generation's classes while its frame is on a stack, so a caller parked under it would keep the
 * old loader alive. The test JVM does not inline {@code tryGreet} into its callers for the same reason (see the
 * pom's {@code CompileCommand}); a host's request threads, which return to their pool between calls, have neither
 * problem.
 */
public final class Route {
    private final AtomicReference<Greeting> current = new AtomicReference<>();
    private final LongAdder retried = new LongAdder();

    public void switchTo(Greeting greeting) {
        current.set(greeting);
    }

    /** New calls wait from now on until {@link #switchTo}; the route no longer holds the old generation. */
    public void close() {
        current.set(null);
    }

    /** Calls refused by an old generation, to be retried. */
    public long retried() {
        return retried.sum();
    }

    /** Waits until a generation is set. */
    public void awaitOpen() {
        while (current.get() == null) {
            LockSupport.parkNanos(100_000);
        }
    }

    /** One call to the current generation; null if there is none or it refused the call (then retry). */
    public String tryGreet(String name) {
        Greeting greeting = current.get();
        if (greeting == null) {
            return null;
        }
        try {
            return greeting.greet(name);
        } catch (ModuleUnloadedException e) {
            retried.increment();
            return null;
        }
    }
}
