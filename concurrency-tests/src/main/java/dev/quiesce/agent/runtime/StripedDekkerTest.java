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
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@link DekkerPairTest} for a virtual thread's call, which counts on a stripe ({@link Gate#stripe}): the entrant
 * counts in with an atomic add and checks the state while an unloader begins a drain and sums the stripes too. r1:
 * entrant admitted; r2: calls the unloader saw.
 */
@JCStressTest
@Description("A stripe's count-in vs the unloader's drain: an admitted call is always in the unloader's sum.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "admitted; the unloader saw the call in flight")
@Outcome(id = {"0, 0", "0, 1"}, expect = ACCEPTABLE,
        desc = "refused; the unloader may see the refused call's transient count-in")
@Outcome(id = "1, 0", expect = FORBIDDEN,
        desc = "admitted while the unloader saw nothing in flight: teardown would run under the call")
@State
public class StripedDekkerTest {
    private final PooledGate pooled = PooledGate.take();
    private Cell admitted;

    @Actor
    public void entrant(II_Result r) {
        try {
            admitted = pooled.gate.stripe(7).enter();
            r.r1 = 1;
        } catch (ModuleUnloadedException refused) {
            r.r1 = 0;
        }
    }

    @Actor
    public void unloader(II_Result r) {
        pooled.gate.beginDrain();
        r.r2 = (int) pooled.gate.inFlight();
    }

    @Arbiter
    public void leave(II_Result r) {
        if (admitted != null) {
            Gates.exit(admitted);
        }
        pooled.recycle();
    }
}
