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
 * A call starts a carried thread and leaves, while an unloader begins a drain and waits 2 ms for it; the thread
 * calls into the module at once ({@code Gates.entrance(slot).enter()}), seeing it active or draining, and stays
 * inside until the arbiter. Its call must be admitted either way ({@link Gate#refusedUnlessCarried} when draining),
 * and the drain must not end. r1: the starter was refused (0), the thread's call admitted (1) or refused (2);
 * r2: the drain ended (1) or timed out (0).
 */
@JCStressTest
@Description("A carried thread's call racing the drain's start is admitted, and the drain waits for it.")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "admitted; the drain waits for the thread")
@Outcome(id = {"0, 1", "0, 0"}, expect = ACCEPTABLE, desc = "the starter was refused; no thread")
@Outcome(id = {"2, 0", "2, 1"}, expect = FORBIDDEN, desc = "the carried thread's call was refused")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "the drain ended while the carried thread was inside")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class CarriedThreadAdmissionTest {
    private final PooledGate pooled = PooledGate.take();
    private final CountDownLatch end = new CountDownLatch(1);
    private volatile int call;
    private final Thread thread = new Thread(this::callIn);
    private boolean started;

    private void callIn() {
        Cell cell;
        try {
            cell = Gates.entrance(pooled.slot).enter();
        } catch (ModuleUnloadedException refused) {
            call = 2;
            return;
        }
        call = 1;
        CarriedThreadStartTest.awaitQuietly(end);
        Gates.exit(cell);
    }

    @Actor
    public void starter() {
        Cell cell;
        try {
            cell = Gates.entrance(pooled.slot).enter();
        } catch (ModuleUnloadedException refused) {
            return;
        }
        CarriedThreads.start(thread, pooled.gate);
        Gates.exit(cell);
        started = true;
    }

    @Actor
    public void unloader(II_Result r) {
        pooled.gate.beginDrain();
        r.r2 = pooled.gate.awaitDrained(System.nanoTime() + CarriedThreadStartTest.DRAIN_NANOS) ? 1 : 0;
    }

    @Arbiter
    public void end(II_Result r) {
        end.countDown();
        CarriedThreadStartTest.joinQuietly(thread);
        r.r1 = started ? call : 0;
        pooled.gate.inFlight(); // lets the ended thread's carry go: the pooled gate is balanced again
        pooled.recycle();
    }
}
