package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.it.forked.UnloadOnceMain;
import dev.quiesce.it.support.ForkedJvm;
import dev.quiesce.it.support.Plugins;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The collection check without explicit GCs, each in a fresh, idle JVM: no GC that unloads classes runs there, so
 * the well-behaved module ends RETAINED, and the report says why instead of leaving the operator to guess. With
 * {@code System.gc()} the same module ends COLLECTED, so these fail if the check still called it.
 */
class ExplicitGcTest {
    @Test
    void withExplicitGcTheModuleIsCollected() throws Exception {
        ForkedJvm.Result run = ForkedJvm.run("collect-timeout=1s", List.of(), UnloadOnceMain.class.getName(),
                Plugins.WORKER);
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("outcome COLLECTED"), run.output());
    }

    @Test
    void explicitGcFalseWaitsForANormalGcAndSaysSo() throws Exception {
        ForkedJvm.Result run = ForkedJvm.run("collect-timeout=1s,explicit-gc=false", List.of(),
                UnloadOnceMain.class.getName(), Plugins.WORKER);
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("outcome RETAINED"), run.output());
        assertTrue(run.output().contains("problem the collection check did not call System.gc() (explicit-gc=false)"
                + " and no GC that unloads classes ran within collect-timeout=1000ms"), run.output());
    }

    @Test
    void disableExplicitGcIsDetectedAndReported() throws Exception {
        ForkedJvm.Result run = ForkedJvm.run("collect-timeout=1s", List.of("-XX:+DisableExplicitGC"), List.of(),
                UnloadOnceMain.class.getName(), Plugins.WORKER);
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("outcome RETAINED"), run.output());
        assertTrue(run.output().contains("problem -XX:+DisableExplicitGC is set, so System.gc() does nothing"),
                run.output());
    }
}
