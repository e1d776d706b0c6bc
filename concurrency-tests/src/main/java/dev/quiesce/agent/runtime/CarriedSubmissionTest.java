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
 * A submission racing a drain ({@link CarriedCounts}): a call enters, carries a task and leaves, while a worker
 * starts the task if it finds it, and an unloader begins a drain and sums. The task, once carried, is pending or
 * running until the arbiter ends it, so the unloader must count it: "carried while the unloader saw nothing in
 * flight" is forbidden. r1: the task was carried (0: the call was refused); r2: the worker started it; r3: what the
 * unloader saw in flight.
 */
@JCStressTest
@Description("A task carried from inside a call is always in the drain's sum, pending or started.")
@Outcome(id = {"1, 0, 1", "1, 0, 2", "1, 0, 3", "1, 1, 1", "1, 1, 2", "1, 1, 3"}, expect = ACCEPTABLE,
        desc = "carried; the unloader saw the submitter, the pending task or the started one (or more, not less)")
@Outcome(id = {"0, 0, 0", "0, 0, 1"}, expect = ACCEPTABLE,
        desc = "the call was refused; the unloader may see its transient count-in")
@Outcome(id = {"1, 0, 0", "1, 1, 0"}, expect = FORBIDDEN,
        desc = "carried while the unloader saw nothing in flight: teardown would run under the task")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class CarriedSubmissionTest {
    private final PooledGate pooled = PooledGate.take();
    private volatile Carry published;
    private Cell worker;

    @Actor
    public void submitter(III_Result r) {
        Cell cell;
        try {
            cell = Gates.enter(pooled.slot);
        } catch (ModuleUnloadedException refused) {
            return;
        }
        Carry carry = Carry.ifInside(pooled.gate);
        published = carry;
        r.r1 = carry != null ? 1 : 0;
        Gates.exit(cell);
    }

    @Actor
    public void worker(III_Result r) {
        Carry carry = published;
        if (carry != null) {
            worker = carry.start();
            r.r2 = worker != null ? 1 : 0;
        }
    }

    @Actor
    public void unloader(III_Result r) {
        pooled.gate.beginDrain();
        r.r3 = (int) pooled.gate.inFlight();
    }

    @Arbiter
    public void end(III_Result r) {
        if (worker != null) {
            Gates.exit(worker);
        } else if (published != null) {
            published.release();
        }
        pooled.recycle();
    }
}
