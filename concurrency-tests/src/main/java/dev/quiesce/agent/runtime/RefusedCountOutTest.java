package dev.quiesce.agent.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
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
 * A refused call counts out again ({@link Cell#abruptExits}, no call) while a drainer sums: the sum may catch its
 * transient count-in, never its count-out without its count-in (exits, both kinds, are read before entrances), and
 * once it has left nothing is in flight. {@link WithoutTheRefusedCountOutTest} shows the test failing without the
 * count-out. r1: calls the racing sum saw; r2: calls in flight afterwards.
 */
@JCStressTest
@Description("A refused call's count-out races a sum: never a negative sum, and nothing left in flight after.")
@Outcome(id = {"0, 0", "1, 0"}, expect = ACCEPTABLE, desc = "the sum saw the refused call's count-in or not")
@Outcome(expect = FORBIDDEN, desc = "the sum under-counted, or the refused call stayed counted in")
@State
public class RefusedCountOutTest {
    private final PooledGate pooled = PooledGate.take();

    public RefusedCountOutTest() {
        pooled.gate.beginDrain();
    }

    @Actor
    public void refused() {
        try {
            Gates.entrance(pooled.slot).enter();
            throw new AssertionError("admitted while draining");
        } catch (ModuleUnloadedException expected) {
            // counted out again by enter
        }
    }

    @Actor
    public void drainer(JJ_Result r) {
        r.r1 = pooled.gate.inFlight();
    }

    @Arbiter
    public void after(JJ_Result r) {
        r.r2 = pooled.gate.inFlight();
        pooled.recycle();
    }
}
