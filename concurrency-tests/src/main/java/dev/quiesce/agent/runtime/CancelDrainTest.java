package dev.quiesce.agent.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.quiesce.ModuleState;
import dev.quiesce.ModuleUnloadedException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A timed-out drain is cancelled while a call comes in: the call is refused (and counted out) or admitted, never
 * left counted, and once the cancel is done the module admits calls and is ACTIVE.
 * {@link CancelWithoutTheRefusedCountOutTest} shows the test failing when a refusal forgets its count-out.
 * r1: the racing call admitted; r2: calls in flight afterwards; r3: a new call admitted afterwards, in an ACTIVE
 * module.
 */
@JCStressTest
@Description("cancelDrain racing an entrant: refused and counted out, or admitted; ACTIVE and admitting after.")
@Outcome(id = {"0, 0, 1", "1, 0, 1"}, expect = ACCEPTABLE, desc = "refused before the cancel, or admitted")
@Outcome(expect = FORBIDDEN, desc = "a call left counted in, or the cancelled module not admitting calls")
@State
public class CancelDrainTest {
    private final PooledGate pooled = PooledGate.take();

    public CancelDrainTest() {
        pooled.gate.beginDrain();
    }

    @Actor
    public void entrant(III_Result r) {
        try {
            Gates.exit(Gates.entrance(pooled.slot).enter());
            r.r1 = 1;
        } catch (ModuleUnloadedException refused) {
            r.r1 = 0;
        }
    }

    @Actor
    public void cancel() {
        pooled.gate.cancelDrain();
    }

    @Arbiter
    public void after(III_Result r) {
        r.r2 = (int) pooled.gate.inFlight();
        try {
            Gates.exit(Gates.entrance(pooled.slot).enter());
            r.r3 = pooled.gate.state() == ModuleState.ACTIVE ? 1 : 0;
        } catch (ModuleUnloadedException refused) {
            r.r3 = 0;
        }
        pooled.recycle();
    }
}
