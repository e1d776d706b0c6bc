package dev.quiesce.agent.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

/**
 * Two virtual threads' calls on one stripe at once: one stays inside, the other enters and leaves. Every count
 * lands ({@link Cell}'s atomic adds), so the sum afterwards is exactly the one call still inside; a lost entrance
 * would let a drain end under it, a lost exit would hold the drain for good. r1: calls in flight afterwards.
 */
@JCStressTest
@Description("Concurrent calls on one stripe: no count is lost.")
@Outcome(id = "1", expect = ACCEPTABLE, desc = "the call still inside, and only it, is in flight")
@Outcome(id = "0", expect = FORBIDDEN, desc = "an entrance was lost: a drain would end under the call inside")
@Outcome(expect = FORBIDDEN, desc = "an exit was lost: the drain would never end")
@State
public class StripedCountTest {
    private final PooledGate pooled = PooledGate.take();
    private final Cell stripe = pooled.gate.stripe(7);
    private Cell stays;

    @Actor
    public void staysInside() {
        stays = stripe.enter();
    }

    @Actor
    public void entersAndLeaves() {
        Gates.exit(stripe.enter());
    }

    @Arbiter
    public void sum(J_Result r) {
        r.r1 = pooled.gate.inFlight();
        Gates.exit(stays);
        pooled.recycle();
    }
}
