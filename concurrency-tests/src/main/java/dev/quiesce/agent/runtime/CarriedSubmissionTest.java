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
 * A submission racing a drain ({@link CarriedCounts}): a call enters, carries a task and leaves, and the task then
 * starts, as an executor that runs it on the submitting thread does, while an unloader begins a drain and sums. The
 * task, once carried, is pending or running until the arbiter ends it, so the unloader must count it: "carried
 * while the unloader saw nothing in flight" is forbidden. {@link CarriedHandOffTest} is the start on a worker of its
 * own (jcstress gives a 2-CPU machine two actors at most). r1: the task was carried and started (0: the call was
 * refused); r2: what the unloader saw in flight.
 */
@JCStressTest
@Description("A task carried from inside a call is always in the drain's sum, pending or started.")
@Outcome(id = {"1, 1", "1, 2", "1, 3"}, expect = ACCEPTABLE,
        desc = "carried; the unloader saw the submitter, the pending task or the started one (or more, not less)")
@Outcome(id = {"0, 0", "0, 1"}, expect = ACCEPTABLE,
        desc = "the call was refused; the unloader may see its transient count-in")
@Outcome(id = "1, 0", expect = FORBIDDEN,
        desc = "carried while the unloader saw nothing in flight: teardown would run under the task")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class CarriedSubmissionTest {
    private final PooledGate pooled = PooledGate.take();
    private Cell task;

    @Actor
    public void submitter(II_Result r) {
        Cell cell;
        try {
            cell = Gates.entrance(pooled.slot).enter();
        } catch (ModuleUnloadedException refused) {
            return;
        }
        Carry carry = Carry.ifInside(pooled.gate);
        Gates.exit(cell);
        task = carry.start();
        r.r1 = task != null ? 1 : 0;
    }

    @Actor
    public void unloader(II_Result r) {
        pooled.gate.beginDrain();
        r.r2 = (int) pooled.gate.inFlight();
    }

    @Arbiter
    public void end() {
        if (task != null) {
            Gates.exit(task);
        }
        pooled.recycle();
    }
}
