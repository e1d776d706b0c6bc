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
 * Evidence, not a test of Quiesce: {@link CancelDrainTest} with {@link BrokenEnter#withoutTheRefusedCountOut}.
 * When the call loses the race and is refused, it stays counted in after the cancel: the module looks busy for
 * good, and every later drain times out. Graded interesting here so that CI passes. r1: the racing call admitted;
 * r2: calls in flight afterwards.
 */
@JCStressTest
@Description("cancelDrain racing an entrant whose refusal forgets its count-out: a call stays counted in.")
@Outcome(id = {"0, 0", "1, 0"}, expect = ACCEPTABLE, desc = "admitted (the cancel won), or refused and counted out")
@Outcome(id = "0, 1", expect = ACCEPTABLE_INTERESTING,
        desc = "refused but still counted in after the cancel: every later drain would time out")
@Outcome(expect = FORBIDDEN, desc = "anything else: a fault of the copy, not the evidence")
@State
public class CancelWithoutTheRefusedCountOutTest {
    private final Gate gate = new Gate("broken");

    public CancelWithoutTheRefusedCountOutTest() {
        gate.beginDrain();
    }

    @Actor
    public void entrant(II_Result r) {
        try {
            Gates.exit(BrokenEnter.withoutTheRefusedCountOut(gate));
            r.r1 = 1;
        } catch (ModuleUnloadedException refused) {
            r.r1 = 0;
        }
    }

    @Actor
    public void cancel() {
        gate.cancelDrain();
    }

    @Arbiter
    public void after(II_Result r) {
        r.r2 = (int) gate.inFlight();
    }
}
