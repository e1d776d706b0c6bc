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
 * A call admitted before a drain makes a nested call while the drain starts: the nested call is admitted (its
 * thread is already inside, so refusing it would fail in-flight work half-way), and the drain sees the outer call.
 * Both stay inside until the arbiter counts them out (the nested one counts nothing, so the drain sees one call).
 * {@link WithoutTheNestedCheckTest} shows the test failing without the nested check. r1: outer call admitted; r2:
 * nested call admitted; r3: calls the drain saw.
 */
@JCStressTest
@Description("Nested admission while dying: a thread inside the module is never refused, and the drain sees it.")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "both admitted; the drain saw the outer call")
@Outcome(id = {"0, 0, 0", "0, 0, 1"}, expect = ACCEPTABLE, desc = "the outer call was refused (no nested call)")
@Outcome(expect = FORBIDDEN, desc = "a nested call refused or counted, or an admitted call the drain did not see")
@State
public class NestedWhileDyingTest {
    private final PooledGate pooled = PooledGate.take();
    private Cell outer;
    private Cell nested;

    @Actor
    public void caller(III_Result r) {
        try {
            outer = Gates.entrance(pooled.slot).enter();
            r.r1 = 1;
            nested = Gates.entrance(pooled.slot).enter();
            r.r2 = 1;
        } catch (ModuleUnloadedException refused) {
            // r1 and r2 stay 0 where refused
        }
    }

    @Actor
    public void drain(III_Result r) {
        pooled.gate.beginDrain();
        r.r3 = (int) pooled.gate.inFlight();
    }

    @Arbiter
    public void leave(III_Result r) {
        if (nested != null) {
            Gates.exit(nested);
        }
        if (outer != null) {
            Gates.exit(outer);
        }
        pooled.recycle();
    }
}
