package dev.quiesce.agent.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A carried task's start racing its cancel ({@link Carry}): exactly one wins, and the carry is let go exactly once,
 * so no carry is left to hold a drain, and none is let go twice to hide another call from it. r1: the task started
 * counted; r2: carried-in minus carried-out once both are done.
 */
@JCStressTest
@Description("A start racing a release lets the carry go once.")
@Outcome(id = {"1, 0", "0, 0"}, expect = ACCEPTABLE, desc = "started, or released; the carry let go once")
@Outcome(expect = FORBIDDEN, desc = "the carry left held, or let go twice")
@State
public class CarriedReleaseTest {
    private final PooledGate pooled = PooledGate.take();
    private final Carry carry;
    private Cell started;

    public CarriedReleaseTest() {
        Cell submitter = pooled.gate.enterForTeardown(); // inside, as a submitter is
        carry = Carry.ifInside(pooled.gate);
        Gates.exit(submitter);
    }

    @Actor
    public void worker(II_Result r) {
        started = carry.start();
        r.r1 = started != null ? 1 : 0;
    }

    @Actor
    public void canceller() {
        carry.release();
    }

    @Arbiter
    public void end(II_Result r) {
        r.r2 = (int) (pooled.gate.carried.inSeen() - pooled.gate.carried.outSeen());
        if (started != null) {
            Gates.exit(started);
        }
        pooled.recycle();
    }
}
