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
 * Evidence, not a test of Quiesce: {@link NestedDuringDrainTest} with {@link BrokenEnter#withoutTheInsideCheck},
 * which takes a thread that has called the module before for one inside it. On a pooled gate the caller's cell has
 * such history, so its outermost call skips the fence and the state check: it is admitted while the drain's sum
 * missed it, the outcome the real test forbids, graded interesting here so that CI passes. r1: outer call admitted;
 * r2: nested calls admitted; r3: calls the drain saw.
 */
@JCStressTest
@Description("A first call taken for a nested one: admitted while the drain saw nothing in flight.")
@Outcome(id = {"1, 2, 1", "0, 0, 0", "0, 0, 1"}, expect = ACCEPTABLE,
        desc = "as in the real test")
@Outcome(id = "1, 2, 0", expect = ACCEPTABLE_INTERESTING,
        desc = "admitted while the drain saw nothing in flight: teardown would run under the call")
@Outcome(expect = FORBIDDEN, desc = "anything else: a fault of the copy, not the evidence")
@State
public class WithoutTheInsideCheckTest {
    private final PooledGate pooled = PooledGate.take();
    private Cell outer;

    @Actor
    public void caller(III_Result r) {
        try {
            outer = BrokenEnter.withoutTheInsideCheck(pooled.gate);
            r.r1 = 1;
            Gates.exit(BrokenEnter.withoutTheInsideCheck(pooled.gate));
            r.r2++;
            Gates.exit(BrokenEnter.withoutTheInsideCheck(pooled.gate));
            r.r2++;
        } catch (ModuleUnloadedException refused) {
            // r1 and r2 count what was admitted
        }
    }

    @Actor
    public void drain(III_Result r) {
        pooled.gate.beginDrain();
        r.r3 = (int) pooled.gate.inFlight();
    }

    @Arbiter
    public void leave(III_Result r) {
        if (outer != null) {
            Gates.exit(outer);
        }
        pooled.recycle();
    }
}
