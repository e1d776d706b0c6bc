package dev.quiesce.agent.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A carried {@link CarriedForkJoinTask} run by a worker while another thread cancels it (as the module, or the
 * pool's {@code shutdownNow}, does): the carry is let go exactly once, and a body that runs counted leaves as it
 * came. r1: 1 if the body ran counted, 2 if it ran uncounted (the cancel released the carry between the pool's
 * status check and the start: in a module, a new visit), 0 if it did not run; r2: carried-in minus carried-out;
 * r3: entrances minus exits, once both are done.
 */
@JCStressTest
@Description("A carried ForkJoinTask's run racing its cancel lets the carry go once.")
@Outcome(id = {"0, 0, 0", "1, 0, 0", "2, 0, 0"}, expect = ACCEPTABLE,
        desc = "not run, run counted, or run after the release; the carry let go once, every entrance left")
@Outcome(expect = FORBIDDEN, desc = "the carry left held or let go twice, or a call left counted")
@State
public class CarriedForkJoinTaskCancelTest {
    private final PooledGate pooled = PooledGate.take();
    private final CarriedForkJoinTask<Integer> task;

    public CarriedForkJoinTaskCancelTest() {
        Cell submitter = pooled.gate.enterForTeardown(); // inside, as a submitter is
        Gate gate = pooled.gate;
        task = new CarriedForkJoinTask<>(() -> gate.currentThreadInside() ? 1 : 2, Carry.ifInside(gate));
        Gates.exit(submitter);
    }

    @Actor
    public void worker() {
        task.quietlyInvoke(); // runs it as a pool's worker does, if it is not done yet
    }

    @Actor
    public void canceller() {
        task.cancel(false);
    }

    @Arbiter
    public void end(III_Result r) {
        Integer ran = task.getRawResult(); // set by the body even if a cancel came first
        r.r1 = ran == null ? 0 : ran;
        GateCounts counts = pooled.gate.counts();
        r.r2 = (int) counts.carried();
        r.r3 = (int) (counts.entrances() - counts.exits());
        pooled.recycle();
    }
}
