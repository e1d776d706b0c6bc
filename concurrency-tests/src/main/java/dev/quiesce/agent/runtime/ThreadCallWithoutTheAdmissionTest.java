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
 * Evidence, not a test of Quiesce: {@link CarriedThreadAdmissionTest} with the carried thread's call made by
 * {@link BrokenCarry#enter}, the enter path without the refusal path's look for a carried thread. A call that sees
 * the module draining is then refused, though the thread was started from inside: the in-flight work fails
 * half-way. Graded interesting so that CI passes. r1: starter refused (0), call admitted (1) or refused (2); r2: the
 * drain ended.
 */
@JCStressTest
@Description("Without the admission of carried threads, a carried thread's call is refused while draining.")
@Outcome(id = {"1, 0", "0, 1", "0, 0"}, expect = ACCEPTABLE, desc = "as in the real test")
@Outcome(id = {"2, 0", "2, 1"}, expect = ACCEPTABLE_INTERESTING,
        desc = "the carried thread's call was refused while draining (the drain then ends once the thread did)")
@Outcome(expect = FORBIDDEN, desc = "anything else: a fault of the copy, not the evidence")
@State
public class ThreadCallWithoutTheAdmissionTest {
    private final PooledGate pooled = PooledGate.take();
    private final CountDownLatch end = new CountDownLatch(1);
    private volatile int call;
    private final Thread thread = new Thread(this::callIn);
    private boolean started;

    private void callIn() {
        Cell cell = pooled.gate.cellForCurrentThread();
        if (!BrokenCarry.enter(pooled.gate, cell)) {
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
        pooled.gate.inFlight();
        pooled.recycle();
    }
}
