package dev.quiesce.testplugins.bench;

import java.util.function.IntUnaryOperator;

/** The same body, not a module: the floor every guard is compared with. */
public class PlainIncrement implements IntUnaryOperator {
    @Override
    public int applyAsInt(int operand) {
        return operand + 1;
    }
}
