package dev.quiesce.agent.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Evidence, not a test of Quiesce: the Dekker pair with the entrant's count-in as a release store instead of
 * {@link Cell}'s volatile store, and {@code dying} read with acquire. The Java Memory Model lets the store and the
 * later load of another variable reorder, and x86 store buffers do reorder them: the entrant can miss
 * {@code dying} while the unloader, even with a full fence, misses the entrance. This is why a fast mode would need
 * both an asymmetric barrier from the unloader and a guarantee that the JIT keeps the count-in before the
 * {@code dying} load; Java specifies no such compiler-only fence, so Quiesce keeps the entrant's fence. r1: entrant
 * saw dying; r2: unloader saw the entrance.
 */
@JCStressTest
@Description("Store buffering: a release count-in followed by an acquire dying read is not a Dekker pair.")
@Outcome(id = {"1, 0", "0, 1", "1, 1"}, expect = ACCEPTABLE, desc = "one side saw the other")
@Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING,
        desc = "neither saw the other: the call would run while the unloader tears down")
@State
public class WithoutTheEntrantFenceTest {
    private static final VarHandle ENTRANCES;
    private static final VarHandle DYING;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ENTRANCES = lookup.findVarHandle(WithoutTheEntrantFenceTest.class, "entrances", long.class);
            DYING = lookup.findVarHandle(WithoutTheEntrantFenceTest.class, "dying", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long entrances;
    private boolean dying;

    @Actor
    public void entrant(II_Result r) {
        ENTRANCES.setRelease(this, entrances + 1);
        r.r1 = (boolean) DYING.getAcquire(this) ? 1 : 0;
    }

    @Actor
    public void unloader(II_Result r) {
        DYING.setVolatile(this, true);
        r.r2 = (int) (long) ENTRANCES.getVolatile(this);
    }
}
