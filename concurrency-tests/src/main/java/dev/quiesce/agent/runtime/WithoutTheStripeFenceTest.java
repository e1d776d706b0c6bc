package dev.quiesce.agent.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.quiesce.ModuleState;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Evidence, not a test of Quiesce: {@link StripedDekkerTest} with the stripe's count-in a plain write
 * ({@link BrokenEnter#countInAsACell}) instead of an atomic add, so nothing orders it before the read of the state.
 * Both sides then miss each other: the outcome the real test forbids, graded interesting so that CI passes. r1:
 * entrant admitted; r2: calls the unloader saw.
 */
@JCStressTest
@Description("Without the atomic add's fence, a stripe's count-in and the drain miss each other.")
@Outcome(id = {"1, 1", "0, 0", "0, 1"}, expect = ACCEPTABLE, desc = "as in the real test")
@Outcome(id = "1, 0", expect = ACCEPTABLE_INTERESTING,
        desc = "admitted while the unloader saw nothing in flight: teardown would run under the call")
@Outcome(expect = FORBIDDEN, desc = "anything else: a fault of the copy, not the evidence")
@State
public class WithoutTheStripeFenceTest {
    private final Gate gate = new Gate("broken");
    private final Cell stripe = gate.stripe(7);

    @Actor
    public void entrant(II_Result r) {
        BrokenEnter.countInAsACell(stripe);
        r.r1 = gate.state == ModuleState.ACTIVE ? 1 : 0;
    }

    @Actor
    public void unloader(II_Result r) {
        gate.beginDrain();
        r.r2 = (int) gate.inFlight();
    }
}
