package dev.quiesce.testplugins.bench;

import dev.quiesce.Unloadable;
import java.util.function.IntUnaryOperator;

/** The benchmarks' trivial body as a module entry point: counted by the agent. */
@Unloadable("bench")
public class CountedIncrement implements IntUnaryOperator {
    @Override
    public int applyAsInt(int operand) {
        return operand + 1;
    }
}
