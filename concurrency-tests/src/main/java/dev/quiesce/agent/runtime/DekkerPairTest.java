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
 * The Dekker pair of {@link Gate}: an entrant counts in and checks {@code dying} while an unloader sets
 * {@code dying}, sums, and tears down if it saw nothing in flight. r1: entrant admitted; r2: calls the unloader saw;
 * r3: the admitted body saw teardown under way.
 */
@JCStressTest
@Description("Entrant count-in vs unloader dying store: a body never runs after the unloader saw zero in flight.")
@Outcome(id = {"1, 1, 0", "1, 0, 0"}, expect = ACCEPTABLE,
        desc = "admitted; the unloader saw the call in flight, or the call had already left")
@Outcome(id = {"0, 0, 0", "0, 1, 0"}, expect = ACCEPTABLE,
        desc = "refused; the unloader may see the refused call's transient count-in")
@Outcome(id = "1, 0, 1", expect = FORBIDDEN,
        desc = "the body ran while the unloader, having seen nothing in flight, was tearing down")
@State
public class DekkerPairTest {
    private final PooledGate pooled = PooledGate.take();
    private volatile boolean tornDown;

    @Actor
    public void entrant(III_Result r) {
        Cell cell;
        try {
            cell = Gates.enter(pooled.slot);
        } catch (ModuleUnloadedException refused) {
            return;
        }
        r.r1 = 1;
        r.r3 = tornDown ? 1 : 0;
        Gates.exit(cell);
    }

    @Actor
    public void unloader(III_Result r) {
        pooled.gate.beginDrain();
        long inFlight = pooled.gate.inFlight();
        r.r2 = (int) inFlight;
        if (inFlight == 0) {
            tornDown = true;
        }
    }

    @Arbiter
    public void recycle(III_Result r) {
        pooled.recycle();
    }
}
