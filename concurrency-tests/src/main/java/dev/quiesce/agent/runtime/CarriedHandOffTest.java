package dev.quiesce.agent.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The hand-off of a carried task to its worker ({@link Carry#start}) racing a drain: the task was carried by a call
 * that has left; the worker counts in on its own cell and then lets the carry go, while an unloader begins a drain
 * and sums. The task is pending or running throughout, so the sum must count it. r1: the worker started the task;
 * r2: what the unloader saw in flight.
 */
@JCStressTest
@Description("A carried task is in the drain's sum across its hand-off to the worker.")
@Outcome(id = {"1, 1", "1, 2"}, expect = ACCEPTABLE, desc = "the unloader saw the pending carry or the started task")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "the sum missed the task during its hand-off")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class CarriedHandOffTest {
    private final PooledGate pooled = PooledGate.take();
    private final Carry carry;
    private Cell task;

    public CarriedHandOffTest() {
        Cell submitter = pooled.gate.enterForTeardown(); // inside, as a submitter is
        carry = Carry.ifInside(pooled.gate);
        Gates.exit(submitter);
    }

    @Actor
    public void worker(II_Result r) {
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
