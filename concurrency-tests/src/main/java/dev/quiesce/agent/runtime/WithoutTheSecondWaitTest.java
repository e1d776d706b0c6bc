package dev.quiesce.agent.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

import dev.quiesce.ModuleUnloadedException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Evidence, not a test of Quiesce: {@link StaticInitializerWindowTest} with the unload deciding on the drain's last
 * sum, taken before the move to TEARING_DOWN, as it would without its second wait. An initialiser that counts in
 * after that sum reads DRAINING and is admitted, and the teardown would run under it. r1: initialiser admitted;
 * r2: calls the sum saw.
 */
@JCStressTest
@Description("Without the sum after the move to TEARING_DOWN, an admitted initialiser is missed.")
@Outcome(id = {"1, 1", "0, 0", "0, 1"}, expect = ACCEPTABLE, desc = "seen, or refused")
@Outcome(id = "1, 0", expect = ACCEPTABLE_INTERESTING, desc = "admitted after the sum: the teardown runs under it")
@State
public class WithoutTheSecondWaitTest {
    private final Gate gate = new Gate("initializer-without-second-wait");
    private final int slot = Gates.register(gate);
    private Cell admitted;

    public WithoutTheSecondWaitTest() {
        gate.beginDrain();
    }

    @Actor
    public void initializer(II_Result r) {
        try {
            admitted = Gates.entrance(slot).enterInitializer();
            r.r1 = 1;
        } catch (ModuleUnloadedException refused) {
            r.r1 = 0;
        }
    }

    @Actor
    public void unloader(II_Result r) {
        r.r2 = (int) gate.inFlight();
        gate.markTearingDown();
    }

    @Arbiter
    public void leave(II_Result r) {
        if (admitted != null) {
            Gates.exit(admitted);
        }
        Gates.release(slot);
    }
}
