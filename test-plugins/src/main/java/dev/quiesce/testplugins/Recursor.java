package dev.quiesce.testplugins;

import dev.quiesce.Unloadable;
import java.util.function.IntUnaryOperator;

/**
 * Overflows the stack through its own entry point: every frame counts in and must count out as the
 * {@link StackOverflowError} unwinds them. A host calls it directly through a JDK interface, so no reflection frame
 * sits between the host and the module.
 */
@Unloadable("recursor")
public class Recursor implements IntUnaryOperator {
    public Recursor() {
    }

    /** 0 returns at once (one counted call); any other depth calls the entry point again until the stack overflows. */
    @Override
    public int applyAsInt(int depth) {
        return depth == 0 ? 0 : applyAsInt(depth + 1) + 1;
    }
}
