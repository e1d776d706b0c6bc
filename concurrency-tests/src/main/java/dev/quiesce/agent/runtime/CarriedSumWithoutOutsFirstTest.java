package dev.quiesce.agent.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Evidence, not a test of Quiesce: {@link CarriedSubmissionTest} with {@link BrokenCarry#sumWithCarriedInFirst}. The
 * sum reads carried-in, then the submitter carries, leaves and starts the task, then the sum reads the exit and the
 * task's carried-out: the task is running and the sum is zero. Graded interesting so that CI passes. r1: carried
 * and started; r2: the broken sum. The actor's cell is published before it counts in, so the sum misses no count-in
 * it could have seen.
 */
@JCStressTest
@Description("Reading carried-in before the exits lets a drain see zero under a started task.")
@Outcome(id = {"1, 1", "1, 2", "1, 3", "0, 0", "0, 1"}, expect = ACCEPTABLE, desc = "as in the real test")
@Outcome(id = "1, 0", expect = ACCEPTABLE_INTERESTING,
        desc = "carried while the sum saw nothing in flight: teardown would run under the task")
@Outcome(expect = FORBIDDEN, desc = "anything else: a fault of the copy, not the evidence")
@State
public class CarriedSumWithoutOutsFirstTest {
    private final Gate gate = new Gate("broken");
    private volatile Cell submitterCell;
    private Cell task;

    @Actor
    public void submitter(II_Result r) {
        Cell cell = gate.cellForCurrentThread();
        submitterCell = cell;
        if (!BrokenCarry.enter(gate, cell)) {
            return;
        }
        gate.carried.carryIn();
        Gates.exit(cell);
        cell.countIn(); // the task starts on this thread: counted in, then the carry let go
        gate.carried.carryOut();
        task = cell;
        r.r1 = 1;
    }

    @Actor
    public void unloader(II_Result r) {
        gate.beginDrain();
        r.r2 = (int) BrokenCarry.sumWithCarriedInFirst(gate, submitterCell);
    }

    @Arbiter
    public void end() {
        if (task != null) {
            Gates.exit(task);
        }
    }
}
