package dev.quiesce.testplugins.bench;

import java.util.function.IntUnaryOperator;

/** {@link CountedNested}'s body, not a module: the floor of the nested-call benchmark. */
public class PlainNested implements IntUnaryOperator {
    @Override
    public int applyAsInt(int operand) {
        int value = operand;
        for (int i = 0; i < CountedNested.NESTED_CALLS; i++) {
            value = step(value);
        }
        return value;
    }

    public int step(int operand) {
        return operand + 1;
    }
}
