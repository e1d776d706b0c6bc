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
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Evidence, not a test of Quiesce: the submitter of {@link CarriedSubmissionTest} increments carried-in after its
 * own count-out (Quiesce does it before, while counted inside). The real sum can then read the submitter's exit and
 * carried-in between the two, and see nothing in flight while the task is pending. Graded interesting so that CI
 * passes. r1: carried; r2: what the unloader saw.
 */
@JCStressTest
@Description("Carrying after the submitter's count-out lets a drain see zero under a pending task.")
@Outcome(id = {"1, 1", "1, 2", "0, 0", "0, 1"}, expect = ACCEPTABLE, desc = "as in the real test")
@Outcome(id = "1, 0", expect = ACCEPTABLE_INTERESTING,
        desc = "carried while the unloader saw nothing in flight: teardown would run before the task")
@Outcome(expect = FORBIDDEN, desc = "anything else: a fault of the copy, not the evidence")
@State
public class CarryWithoutBeingInsideTest {
    private final PooledGate pooled = PooledGate.take();
    private boolean carried;

    @Actor
    public void submitter(II_Result r) {
        Cell cell;
        try {
            cell = Gates.entrance(pooled.slot).enter();
        } catch (ModuleUnloadedException refused) {
            return;
        }
        Gates.exit(cell);
        pooled.gate.carried.carryIn();
        carried = true;
        r.r1 = 1;
    }

    @Actor
    public void unloader(II_Result r) {
        pooled.gate.beginDrain();
        r.r2 = (int) pooled.gate.inFlight();
    }

    @Arbiter
    public void end() {
        if (carried) {
            pooled.gate.carried.carryOut(); // the pending task is let go: the pooled gate is balanced again
        }
        pooled.recycle();
    }
}
