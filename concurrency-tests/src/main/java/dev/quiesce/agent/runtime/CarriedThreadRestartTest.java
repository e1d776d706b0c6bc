package dev.quiesce.agent.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
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
 * A call starts a carried thread that is already running ({@link CarriedThreads#start}: {@code Thread.start} throws
 * {@code IllegalThreadStateException}, and the start's own record and carry are let go) while an unloader begins a
 * drain and waits for it for 2 ms. The thread was started carried before, by another call, and lives until the
 * arbiter, so its first record must stand: the drain must not end. r1: the second start threw (1) or the call was
 * refused (0); r2: the drain ended (1) or timed out (0).
 */
@JCStressTest
@Description("A start that throws on a carried thread already running lets go its own carry only.")
@Outcome(id = {"1, 0", "0, 0"}, expect = ACCEPTABLE, desc = "the drain waits for the thread started before")
@Outcome(id = {"1, 1", "0, 1"}, expect = FORBIDDEN, desc = "the drain ended while the carried thread was alive")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class CarriedThreadRestartTest {
    private final PooledGate pooled = PooledGate.take();
    private final CountDownLatch end = new CountDownLatch(1);
    private final Thread thread = new Thread(() -> CarriedThreadStartTest.awaitQuietly(end));

    public CarriedThreadRestartTest() {
        Cell cell = Gates.entrance(pooled.slot).enter();
        CarriedThreads.start(thread, pooled.gate);
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
            CarriedThreads.start(thread, pooled.gate);
        } catch (IllegalThreadStateException running) {
            r.r1 = 1;
        }
        Gates.exit(cell);
    }

    @Actor
    public void unloader(II_Result r) {
        pooled.gate.beginDrain();
        r.r2 = pooled.gate.awaitDrained(System.nanoTime() + CarriedThreadStartTest.DRAIN_NANOS) ? 1 : 0;
    }

    @Arbiter
    public void end() {
        end.countDown();
        CarriedThreadStartTest.joinQuietly(thread);
        pooled.gate.inFlight(); // lets the ended thread's carry go: the pooled gate is balanced again
        pooled.recycle();
    }
}
