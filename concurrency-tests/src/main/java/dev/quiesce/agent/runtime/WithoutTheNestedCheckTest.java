package dev.quiesce.agent.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.quiesce.ModuleUnloadedException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Evidence, not a test of Quiesce: {@link NestedWhileDyingTest} with {@link BrokenEnter#withoutTheNestedCheck}. A
 * drain that starts between the outer and the nested call refuses the nested one, failing the outer call half-way:
 * the outcome the real test forbids, graded interesting here so that CI passes. r1: outer call admitted; r2: nested
 * call admitted; r3: calls the drain saw.
 */
@JCStressTest
@Description("Without the nested check, a drain refuses the nested call of a thread already inside.")
@Outcome(id = {"1, 1, 1", "1, 1, 2", "0, 0, 0", "0, 0, 1"}, expect = ACCEPTABLE, desc = "as in the real test")
@Outcome(id = {"1, 0, 1", "1, 0, 2"}, expect = ACCEPTABLE_INTERESTING,
        desc = "the nested call of a thread inside the module was refused: its outer call fails half-way")
@Outcome(expect = FORBIDDEN, desc = "anything else: a fault of the copy, not the evidence")
@State
public class WithoutTheNestedCheckTest {
    private final Gate gate = new Gate("broken");
    private Cell outer;
    private Cell nested;

    @Actor
    public void caller(III_Result r) {
        try {
            outer = BrokenEnter.withoutTheNestedCheck(gate);
            r.r1 = 1;
            nested = BrokenEnter.withoutTheNestedCheck(gate);
            r.r2 = 1;
        } catch (ModuleUnloadedException refused) {
            // r1 and r2 stay 0 where refused
        }
    }

    @Actor
    public void drain(III_Result r) {
        gate.beginDrain();
        r.r3 = (int) gate.inFlight();
    }

    @Arbiter
    public void leave(III_Result r) {
        if (nested != null) {
            Gates.exit(nested);
        }
        if (outer != null) {
            Gates.exit(outer);
        }
    }
}
