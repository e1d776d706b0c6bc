package dev.quiesce.testplugins.bench;

import dev.quiesce.Unloadable;
import java.util.function.IntUnaryOperator;

/** A module entry point that calls another of its own entry points {@link #NESTED_CALLS} times: nested calls. */
@Unloadable("nested")
public class CountedNested implements IntUnaryOperator {
    /** Nested calls per outer call. */
    public static final int NESTED_CALLS = 10;

    @Override
    public int applyAsInt(int operand) {
        int value = operand;
        for (int i = 0; i < NESTED_CALLS; i++) {
            value = step(value);
        }
        return value;
    }

    public int step(int operand) {
        return operand + 1;
    }
}
