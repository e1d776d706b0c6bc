package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.it.forked.OverflowMain;
import dev.quiesce.it.support.ForkedJvm;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Calls that end in a {@link StackOverflowError} still count out: after 50 overflows each way ({@link OverflowMain})
 * nothing is left in flight, the host thread is not "inside", and the module unloads. Each JIT mode in a fresh JVM,
 * because where the stack ends (interpreted, C1 or C2 frames) decides which instruction overflows.
 */
class StackOverflowTest {
    private static final int ROUNDS = 50;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-Xint", "-XX:TieredStopAtLevel=1", "-XX:-TieredCompilation", "-XX:TieredStopAtLevel=4"})
    void overflowingCallsLeaveNothingInFlightAndTheModuleUnloads(String jit) throws Exception {
        ForkedJvm.Result run = ForkedJvm.run("", List.of(jit), List.of(), OverflowMain.class.getName(),
                String.valueOf(ROUNDS));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("overflows " + 2 * ROUNDS + "\n"), run.output());
        assertTrue(run.output().contains("inFlight 0\n"), run.output());
        assertTrue(run.output().contains("outcome COLLECTED"), run.output());
    }
}
