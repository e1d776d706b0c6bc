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
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * Evidence, not a test of Quiesce: {@link RefusedCountOutTest} with {@link BrokenEnter#withoutTheRefusedCountOut}.
 * The refused call stays counted in, so the drain that refused it can never finish: the outcome its real test
 * forbids is graded interesting here, so that CI passes. r1: calls the racing sum saw; r2: in flight afterwards.
 */
@JCStressTest
@Description("Without the refused call's count-out, every refusal leaves a call in flight for good.")
@Outcome(id = {"0, 0", "1, 0"}, expect = ACCEPTABLE, desc = "nothing left in flight (never seen)")
@Outcome(id = {"0, 1", "1, 1"}, expect = ACCEPTABLE_INTERESTING,
        desc = "the refused call is still counted in: the drain would wait for it forever")
@Outcome(expect = FORBIDDEN, desc = "anything else: a fault of the copy, not the evidence")
@State
public class WithoutTheRefusedCountOutTest {
    private final Gate gate = new Gate("broken");

    public WithoutTheRefusedCountOutTest() {
        gate.beginDrain();
    }

    @Actor
    public void refused() {
        try {
            BrokenEnter.withoutTheRefusedCountOut(gate);
        } catch (ModuleUnloadedException expected) {
            // and not counted out
        }
    }

    @Actor
    public void drainer(JJ_Result r) {
        r.r1 = gate.inFlight();
    }

    @Arbiter
    public void after(JJ_Result r) {
        r.r2 = gate.inFlight();
    }
}
