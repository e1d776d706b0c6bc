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
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Nested calls, which count nothing, during a drain: a caller enters the module (fenced), then makes two nested
 * calls that enter and leave (no write at all) while a drain begins and sums. The outer call stays inside until the
 * arbiter counts it out, so a drain that admitted it must see it: an outer call the drain missed would show zero,
 * and a nested call that counted would show more than one. {@link WithoutTheInsideCheckTest} shows the test failing
 * when a first call is taken for a nested one. r1: outer call admitted; r2: nested calls admitted; r3: calls the
 * drain saw.
 */
@JCStressTest
@Description("Nested calls enter and leave during a drain: the drain sees the outer call, and only it.")
@Outcome(id = "1, 2, 1", expect = ACCEPTABLE, desc = "both nested calls admitted; the drain saw the outer")
@Outcome(id = {"0, 0, 0", "0, 0, 1"}, expect = ACCEPTABLE, desc = "the outer call was refused (no nested call)")
@Outcome(expect = FORBIDDEN, desc = "a nested call refused or counted, or the drain saw nothing while the outer call"
        + " was in")
@State
public class NestedDuringDrainTest {
    private final PooledGate pooled = PooledGate.take();
    private Cell outer;

    @Actor
    public void caller(III_Result r) {
        try {
            outer = Gates.entrance(pooled.slot).enter();
            r.r1 = 1;
            nestedCall();
            r.r2++;
            nestedCall();
            r.r2++;
        } catch (ModuleUnloadedException refused) {
            // r1 and r2 count what was admitted
        }
    }

    /** A nested call as rewritten code makes it: the entrance's enter, then the same entrance's exit. */
    private void nestedCall() {
        Entrance entrance = Gates.entrance(pooled.slot);
        entrance.enter();
        entrance.exit();
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
