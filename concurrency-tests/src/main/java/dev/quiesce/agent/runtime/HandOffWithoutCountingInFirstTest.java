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
 * Evidence, not a test of Quiesce: {@link CarriedHandOffTest} with the worker's two steps swapped, carried-out
 * before its count-in ({@link Carry#start} counts in first). The sum can read carried-out after the first and the
 * worker's entrances before the second, and see nothing in flight while the task starts. Graded interesting so that
 * CI passes. r1: started; r2: what the unloader saw.
 */
@JCStressTest
@Description("Letting the carry go before the worker counts in lets a drain see zero under a starting task.")
@Outcome(id = {"1, 1", "1, 2"}, expect = ACCEPTABLE, desc = "as in the real test")
@Outcome(id = "1, 0", expect = ACCEPTABLE_INTERESTING, desc = "the sum missed the task during its hand-off")
@Outcome(expect = FORBIDDEN, desc = "anything else: a fault of the copy, not the evidence")
@State
public class HandOffWithoutCountingInFirstTest {
    private final PooledGate pooled = PooledGate.take();
    private Cell task;

    public HandOffWithoutCountingInFirstTest() {
        pooled.gate.carried.carryIn(); // a task carried by a call that has left
    }

    @Actor
    public void worker(II_Result r) {
        task = BrokenCarry.startWithCarriedOutFirst(pooled.gate);
        r.r1 = 1;
    }

    @Actor
    public void unloader(II_Result r) {
        pooled.gate.beginDrain();
        r.r2 = (int) pooled.gate.inFlight();
    }

    @Arbiter
    public void end() {
        Gates.exit(task);
        pooled.recycle();
    }
}
