package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.it.forked.GenerationsMain;
import dev.quiesce.it.support.ForkedJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 200 load/call/unload generations, each called from every thread of a pool of 4, in a fresh JVM: once their loaders
 * are collected, no {@code Gate} or {@code Cell} of theirs is alive. A gate that a thread reached (a
 * {@code ThreadLocal} of the gate in each caller's {@code ThreadLocalMap}, as before the per-gate cell table) would
 * keep all 200 of them, with their cells.
 */
class UnloadedGatesTest {

    @Test
    void unloadedModulesLeaveNoGateOrCellBehind() throws Exception {
        ForkedJvm.Result run = ForkedJvm.run("", List.of(), GenerationsMain.class.getName(), "200");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("collected 200 of 200"), run.output());
        assertTrue(run.output().contains("live Gate 0\n"), run.output());
        assertTrue(run.output().contains("live Cell 0\n"), run.output());
    }
}
