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
 * The Dekker pair on the slow path: a thread's first call into a fresh gate registers its cell (under the gate's
 * lock, before counting in) while an unloader begins a drain and sums (under the same lock). An admitted call
 * stays inside until the arbiter counts it out, so a sum that missed the new cell would be seen.
 * {@link WithoutRegisteringFirstTest} shows the test failing when the count-in comes before the registration.
 * r1: entrant admitted; r2: calls the unloader saw.
 */
@JCStressTest
@Description("A thread's first call races a drain's sum: an admitted first call is always in the sum.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "admitted; the sum found the new cell with the call in it")
@Outcome(id = {"0, 0", "0, 1"}, expect = ACCEPTABLE, desc = "refused; the sum may see its transient count-in")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "admitted while the sum missed its new cell")
@State
public class FirstCallRegistrationTest {
    private final Gate gate = new Gate("first-call");
    private final int slot = Gates.register(gate);
    private Cell admitted;

    @Actor
    public void entrant(II_Result r) {
        try {
            admitted = Gates.entrance(slot).enter();
            r.r1 = 1;
        } catch (ModuleUnloadedException refused) {
            r.r1 = 0;
        }
    }

    @Actor
    public void unloader(II_Result r) {
        gate.beginDrain();
        r.r2 = (int) gate.inFlight();
    }

    @Arbiter
    public void leave(II_Result r) {
        if (admitted != null) {
            Gates.exit(admitted);
        }
        Gates.release(slot);
    }
}
