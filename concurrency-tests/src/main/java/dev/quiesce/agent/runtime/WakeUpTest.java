package dev.quiesce.agent.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * The last exiting call and a draining unloader never lose each other: the drain ends once the call has left,
 * woken by the exit or, if the exit missed the drain's start, by the next bounded recheck.
 */
@JCStressTest(Mode.Termination)
@Description("A drain waiting (with an hour's deadline) for one call ends once that call leaves.")
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the drain ended after the last call left")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "the drain kept waiting after the last call left")
@State
public class WakeUpTest {
    private final Gate gate = new Gate("wake-up");
    private final Cell inFlight = gate.enterForTeardown();

    @Actor
    public void drainer() {
        gate.beginDrain();
        gate.awaitDrained(System.nanoTime() + TimeUnit.HOURS.toNanos(1));
    }

    @Signal
    public void lastCallLeaves() {
        Gates.exit(inFlight);
    }
}
