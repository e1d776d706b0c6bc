package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.it.forked.UninstrumentedMain;
import dev.quiesce.it.support.ForkedJvm;
import dev.quiesce.it.support.HugeClass;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A module with a class the agent could not rewrite (a method pushed past 64 KB) says so in every view, and its
 * unload is refused with the class, the cause and what to do, instead of draining to a zero that does not count
 * that class's calls. In a fresh JVM: the module stays loaded for good.
 */
class UninstrumentedClassTest {
    private static final String WHY = "huge.Huge (dev.quiesce.shaded.asm.MethodTooLargeException: Method too large:"
            + " huge/Huge.count ()I)";

    @Test
    void aModuleWithAClassThatCouldNotBeInstrumentedSaysSoAndRefusesToUnload() throws Exception {
        ForkedJvm.Result run = ForkedJvm.run("", List.of(), UninstrumentedMain.class.getName());
        String out = run.output();
        assertEquals(0, run.exitCode(), out);
        assertTrue(out.contains("count " + HugeClass.INCREMENTS + "\n"), "the class runs as it was: " + out);
        assertTrue(out.contains("info huge ACTIVE entrances 0 uninstrumented [" + WHY + "]\n"),
                "its calls are not counted, and the module says why: " + out);
        assertTrue(out.contains("refused unload of module 'huge' refused: 1 of its classes could not be instrumented,"
                + " so calls into them are not counted and teardown could run under them: " + WHY + ". Make the"
                + " class(es) instrumentable (the rewrite adds a few bytes to each method: split any method"
                + " near the JVM's 64 KB limit) and load the module again in a new class loader; until then, stop"
                + " its callers yourself and drop the loader without an unload\n"), out);
        assertTrue(out.contains("state ACTIVE\n"), "the refusal changed nothing: " + out);
        assertTrue(out.contains("mxbean huge [" + WHY + "]\n"), out);
        assertTrue(out.contains("module 'huge' cannot be unloaded: 1 class(es) could not be instrumented, so calls"
                + " into them are not counted:\n  " + WHY + "\n"), "the CLI's table: " + out);
        assertTrue(out.contains("\"uninstrumented\":[\"" + WHY + "\"]}]"), "the CLI's JSON: " + out);
        assertTrue(out.contains("could not instrument class huge.Huge; it runs as it was, and its calls are not"
                + " counted, so module 'huge' refuses to unload"), "the log: " + out);
    }
}
