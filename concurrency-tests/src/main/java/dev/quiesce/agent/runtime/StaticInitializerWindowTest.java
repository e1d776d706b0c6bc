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
 * The window a static initialiser has while a module drains: {@link Cell#enterInitializer} admits a DRAINING module,
 * so an initialiser may count in after the drain's last sum saw no call inside. The unload then moves the gate to
 * TEARING_DOWN and sums once more before the teardown runs ({@code UnloadRun}); that move and the initialiser's
 * count-in and state read are a Dekker pair, so an admitted initialiser is always in the second sum.
 * {@link WithoutTheSecondWaitTest} shows the teardown running under an admitted initialiser when the unload tears down
 * on the drain's sum alone. r1: initialiser admitted; r2: calls the sum after the move saw.
 */
@JCStressTest
@Description("An initialiser admitted while draining is always seen by the sum after the move to TEARING_DOWN.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "admitted while draining; the second sum waits for it")
@Outcome(id = {"0, 0", "0, 1"}, expect = ACCEPTABLE, desc = "refused once tearing down; the sum may see its"
        + " transient count-in")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "admitted, and the teardown would run under the initialiser")
@State
public class StaticInitializerWindowTest {
    private final Gate gate = new Gate("initializer-window");
    private final int slot = Gates.register(gate);
    private Cell admitted;

    public StaticInitializerWindowTest() {
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
        gate.markTearingDown();
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
