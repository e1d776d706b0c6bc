package dev.quiesce.agent.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;

/**
 * Pruning races a sum: a fresh gate holds one call (on a thread that stays alive) and the cells of 15 threads that
 * made one call each and ended, so the next thread's first call folds those 15 cells into the retired totals while
 * a drainer sums. The held call is always in the sum, and the totals survive the fold.
 * {@link PruneWithoutFoldingTest} shows the test failing when pruning drops cells without folding them. r1: calls
 * the racing sum saw; r2, r3: entrances and exits afterwards (the held call, 15 dead threads' calls, the newcomer's).
 */
@JCStressTest
@Description("Pruning dead threads' cells races a sum: the held call is never missed and no count is lost.")
@Outcome(id = {"1, 17, 16", "2, 17, 16"}, expect = ACCEPTABLE,
        desc = "the sum saw the held call, and the newcomer's if caught inside; totals kept")
@Outcome(expect = FORBIDDEN, desc = "the held call missed, or counts lost by the fold")
@State
public class PruneDeadThreadsTest {
    static final int DEAD_THREADS = 15;
    /** A thread that stays alive, so the held call's cell is never pruned. */
    private static final ExecutorService HOLDER = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "prune-test-holder");
        thread.setDaemon(true);
        return thread;
    });

    private final Gate gate = new Gate("prune");
    private final int slot = Gates.register(gate);
    private final Cell held;

    public PruneDeadThreadsTest() {
        try {
            held = HOLDER.submit(() -> Gates.entrance(slot).enter()).get();
            for (int i = 0; i < DEAD_THREADS; i++) {
                Thread dead = new Thread(() -> Gates.exit(Gates.entrance(slot).enter()));
                dead.start();
                dead.join();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot set up the gate's cells", e);
        }
    }

    @Actor
    public void newcomer() {
        Gates.exit(Gates.entrance(slot).enter());
    }

    @Actor
    public void drainer(JJJ_Result r) {
        r.r1 = gate.inFlight();
    }

    @Arbiter
    public void after(JJJ_Result r) {
        GateCounts counts = gate.counts();
        r.r2 = counts.entrances();
        r.r3 = counts.exits();
        Gates.exit(held);
        Gates.release(slot);
    }
}
