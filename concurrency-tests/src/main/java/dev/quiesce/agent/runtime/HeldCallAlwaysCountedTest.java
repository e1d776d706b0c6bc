package dev.quiesce.agent.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

/**
 * A call in flight is always in the sum while another thread's calls enter and leave: the sum reads every exit
 * before any entrance, so it never under-counts. It may over-count calls that left during the sum, which only makes
 * the drainer sum again. A call cannot count in on one cell and out on another (the cell travels from
 * {@code enter} to {@code exit} in a local, even when a virtual thread changes carrier), so this read order is what
 * keeps concurrent sums safe. r1: calls the sum saw.
 */
@JCStressTest
@Description("A held call is never missed by a sum racing with another thread's enters and exits.")
@Outcome(id = {"1", "2"}, expect = ACCEPTABLE, desc = "the held call, plus the caller if caught inside")
@Outcome(id = "3", expect = ACCEPTABLE_INTERESTING,
        desc = "over-count: exits read before the caller's first exit, entrances after its second entrance (safe: "
                + "the drainer sums again)")
@Outcome(expect = FORBIDDEN, desc = "the sum missed the held call")
@State
public class HeldCallAlwaysCountedTest {
    private final PooledGate pooled = PooledGate.take();
    private final Cell held = pooled.gate.enterForTeardown();

    @Actor
    public void caller() {
        Gates.exit(Gates.entrance(pooled.slot).enter());
        Gates.exit(Gates.entrance(pooled.slot).enter());
    }

    @Actor
    public void sum(J_Result r) {
        r.r1 = pooled.gate.inFlight();
    }

    @Arbiter
    public void leave(J_Result r) {
        Gates.exit(held);
        pooled.recycle();
    }
}
