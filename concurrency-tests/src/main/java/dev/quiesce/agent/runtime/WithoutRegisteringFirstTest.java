package dev.quiesce.agent.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.Arrays;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Evidence, not a test of Quiesce: {@link Gate}'s first-call registration, copied down to its cells, lock and
 * state, with the count-in moved before the registration. The entrant can count in on an unregistered cell and
 * pass the state check before the drain begins, and the drain's sum runs before the cell is registered: the call
 * is admitted while the sum saw nothing, the outcome {@link FirstCallRegistrationTest} forbids, graded interesting
 * here so that CI passes. r1: entrant admitted; r2: calls the sum saw.
 */
@JCStressTest
@Description("Counting in before registering the cell: a drain's sum can miss an admitted first call.")
@Outcome(id = {"1, 1", "0, 0", "0, 1"}, expect = ACCEPTABLE, desc = "as in the real test")
@Outcome(id = "1, 0", expect = ACCEPTABLE_INTERESTING, desc = "admitted while the sum missed its new cell")
@Outcome(expect = FORBIDDEN, desc = "anything else: a fault of the copy, not the evidence")
@State
public class WithoutRegisteringFirstTest {
    /** A cell reduced to its entrances, written with a volatile store as {@link Cell#countIn} does. */
    private static final class Entrances {
        volatile long count;
    }

    private final Object lock = new Object();
    private Entrances[] cells = new Entrances[0];
    private volatile boolean dying;

    @Actor
    public void entrant(II_Result r) {
        Entrances cell = new Entrances();
        cell.count = 1;                        // counted in first: the broken order
        r.r1 = dying ? 0 : 1;
        synchronized (lock) {                  // registered only now
            cells = Arrays.copyOf(cells, cells.length + 1);
            cells[cells.length - 1] = cell;
        }
    }

    @Actor
    public void unloader(II_Result r) {
        dying = true;
        long sum = 0;
        synchronized (lock) {
            for (Entrances cell : cells) {
                sum += cell.count;
            }
        }
        r.r2 = (int) sum;
    }
}
