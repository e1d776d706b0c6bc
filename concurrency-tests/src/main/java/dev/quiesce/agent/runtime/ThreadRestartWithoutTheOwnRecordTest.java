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
 * Evidence, not a test of Quiesce: {@link CarriedThreadRestartTest} with
 * {@link BrokenCarry.ThreadsReleasingEveryRecordOfTheThread}, whose start that throws lets go every record of the
 * thread (Quiesce lets go only the start's own). The carry of the start before goes with it, and the drain ends
 * while the thread runs. Graded interesting so that CI passes. r1: the second start threw; r2: the drain ended.
 */
@JCStressTest
@Description("Letting go every record of a thread when a start of it throws lets a drain end under it.")
@Outcome(id = {"1, 0", "0, 0"}, expect = ACCEPTABLE, desc = "as in the real test")
@Outcome(id = "1, 1", expect = ACCEPTABLE_INTERESTING,
        desc = "the drain ended while the carried thread was alive: teardown would run under it")
@Outcome(expect = FORBIDDEN, desc = "anything else: a fault of the copy, not the evidence")
@State
public class ThreadRestartWithoutTheOwnRecordTest {
    private final PooledGate pooled = PooledGate.take();
    private final BrokenCarry.ThreadsReleasingEveryRecordOfTheThread threads =
            new BrokenCarry.ThreadsReleasingEveryRecordOfTheThread();
    private final CountDownLatch end = new CountDownLatch(1);
    private final Thread thread = new Thread(() -> CarriedThreadStartTest.awaitQuietly(end));

    public ThreadRestartWithoutTheOwnRecordTest() {
        Cell cell = Gates.entrance(pooled.slot).enter();
        threads.start(thread, pooled.gate);
        Gates.exit(cell);
    }

    @Actor
    public void starter(II_Result r) {
        Cell cell;
        try {
            cell = Gates.entrance(pooled.slot).enter();
        } catch (ModuleUnloadedException refused) {
            return;
        }
        try {
            threads.start(thread, pooled.gate);
        } catch (IllegalThreadStateException running) {
            r.r1 = 1;
        }
        Gates.exit(cell);
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
