package dev.quiesce.agent.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

/**
 * Evidence, not a test of Quiesce: {@link StripedCountTest} with the stripe counting as a cell does, a read and a
 * write of its owner's count ({@link BrokenEnter#countInAsACell}), which is right only for a count one thread
 * writes. Two threads on one stripe then lose counts: the outcomes the real test forbids, graded interesting here
 * so that CI passes. r1: calls in flight afterwards.
 */
@JCStressTest
@Description("Without atomic adds, concurrent calls on one stripe lose counts.")
@Outcome(id = "1", expect = ACCEPTABLE, desc = "as in the real test")
@Outcome(id = "0", expect = ACCEPTABLE_INTERESTING, desc = "an entrance was lost: a drain would end under the call")
@Outcome(expect = ACCEPTABLE_INTERESTING, desc = "an exit was lost: the drain would never end")
@State
public class WithoutAtomicStripesTest {
    private final Gate gate = new Gate("broken");
    private final Cell stripe = gate.stripe(7);

    @Actor
    public void staysInside() {
        BrokenEnter.countInAsACell(stripe);
    }

    @Actor
    public void entersAndLeaves() {
        BrokenEnter.countInAsACell(stripe);
        BrokenEnter.countOutAsACell(stripe);
    }

    @Arbiter
    public void sum(J_Result r) {
        r.r1 = gate.inFlight();
    }
}
