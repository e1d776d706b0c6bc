package dev.quiesce.testplugins;

import dev.quiesce.OnUnload;
import dev.quiesce.Unloadable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A module hammered by the stress test. It checks the unload guarantee from the inside, independently of the agent:
 * its teardown hook must find no call inside, and no call may run after teardown. Each breach is counted in the
 * host's sink.
 */
@Unloadable("busy")
public class Busy implements IntUnaryOperator {
    private static final AtomicInteger INSIDE = new AtomicInteger();
    private static volatile boolean tornDown;
    private static volatile AtomicInteger violations = new AtomicInteger();

    public static void violations(AtomicInteger sink) {
        violations = sink;
    }

    @Override
    public int applyAsInt(int operand) {
        INSIDE.incrementAndGet();
        try {
            if (tornDown) {
                violations.incrementAndGet();
            }
            for (int i = 0; i < 16; i++) {
                Thread.onSpinWait();
            }
            return operand + 1;
        } finally {
            INSIDE.decrementAndGet();
        }
    }

    @OnUnload
    static void teardown() {
        if (INSIDE.get() != 0) {
            violations.incrementAndGet();
        }
        tornDown = true;
    }
}
