package dev.quiesce.agent.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.quiesce.ModuleUnloadedException;
import java.util.concurrent.CountDownLatch;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Evidence, not a test of Quiesce: {@link CarriedThreadStartTest} with {@link BrokenCarry.ThreadsWithoutTheStartMark},
 * whose clean-up lets go the carry of any thread that is not alive, one not started yet included (Quiesce lets go
 * only the carries of threads marked started). A drain's sum that comes while the starter is inside
 * {@code Thread.start}, before the thread is alive, lets the carry go; once the starter has left, the drain ends
 * under a live thread. Graded interesting so that CI passes. r1: started; r2: the drain ended.
 */
@JCStressTest
@Description("Letting go the carry of a thread not yet alive lets a drain end under the thread.")
@Outcome(id = {"1, 0", "0, 1", "0, 0"}, expect = ACCEPTABLE, desc = "as in the real test")
@Outcome(id = "1, 1", expect = ACCEPTABLE_INTERESTING,
        desc = "the drain ended while the carried thread was alive: teardown would run under it")
@Outcome(expect = FORBIDDEN, desc = "anything else: a fault of the copy, not the evidence")
@State
public class ThreadStartWithoutTheStartMarkTest {
    private final PooledGate pooled = PooledGate.take();
    private final BrokenCarry.ThreadsWithoutTheStartMark threads = new BrokenCarry.ThreadsWithoutTheStartMark();
    private final CountDownLatch end = new CountDownLatch(1);
    private final Thread thread = new Thread(() -> CarriedThreadStartTest.awaitQuietly(end));

    @Actor
    public void starter(II_Result r) {
        Cell cell;
        try {
            cell = Gates.entrance(pooled.slot).enter();
        } catch (ModuleUnloadedException refused) {
            return;
        }
        threads.start(thread, pooled.gate);
        Gates.exit(cell);
        r.r1 = 1;
    }

    @Actor
    public void unloader(II_Result r) {
        pooled.gate.beginDrain();
        r.r2 = BrokenCarry.awaitDrained(pooled.gate, threads::releaseEnded) ? 1 : 0;
    }

    @Arbiter
    public void end() {
        end.countDown();
        CarriedThreadStartTest.joinQuietly(thread);
        threads.releaseEnded();
        pooled.recycle();
    }
}
