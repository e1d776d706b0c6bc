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
 * A call starts a thread carried ({@link CarriedThreads#start}) and leaves, while an unloader begins a drain and
 * waits for it ({@link Gate#awaitDrained}, which lets go the carries of ended threads before each sum) for 2 ms.
 * The thread lives until the arbiter, so the drain must not end: not while the thread is being started (it is not
 * alive yet, and its carry is the starter's to let go), nor once the call has left. r1: the call started the thread
 * (1) or was refused (0); r2: the drain ended (1) or timed out (0).
 */
@JCStressTest
@Description("A thread started carried holds the drain from its start until it has ended.")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "started carried: the drain waits for the thread")
@Outcome(id = {"0, 1", "0, 0"}, expect = ACCEPTABLE, desc = "the call was refused; no thread")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "the drain ended while the carried thread was alive")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class CarriedThreadStartTest {
    static final long DRAIN_NANOS = 2_000_000;
    private final PooledGate pooled = PooledGate.take();
    private final CountDownLatch end = new CountDownLatch(1);
    private final Thread thread = new Thread(() -> awaitQuietly(end));

    @Actor
    public void starter(II_Result r) {
        Cell cell;
        try {
            cell = Gates.entrance(pooled.slot).enter();
        } catch (ModuleUnloadedException refused) {
            return;
        }
        CarriedThreads.start(thread, pooled.gate);
        Gates.exit(cell);
        r.r1 = 1;
    }

    @Actor
    public void unloader(II_Result r) {
        pooled.gate.beginDrain();
        r.r2 = pooled.gate.awaitDrained(System.nanoTime() + DRAIN_NANOS) ? 1 : 0;
    }

    @Arbiter
    public void end() {
        end.countDown();
        CarriedThreadStartTest.joinQuietly(thread);
        pooled.gate.inFlight(); // lets the ended thread's carry go: the pooled gate is balanced again
        pooled.recycle();
    }

    static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
