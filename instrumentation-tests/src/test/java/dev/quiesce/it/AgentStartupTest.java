package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.it.forked.AppLoaderMain;
import dev.quiesce.it.forked.HelloMain;
import dev.quiesce.it.support.ForkedJvm;
import dev.quiesce.it.support.Plugins;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent at start-up, each case in a fresh JVM: bad arguments and misplaced modules never stop the host. */
class AgentStartupTest {

    @Test
    void badArgumentsAreExplainedAndTheApplicationStillStarts() throws Exception {
        ForkedJvm.Result run = ForkedJvm.run("bogus=1,guard=com..acme,collect-timeout=soon,jmx=maybe", List.of(),
                HelloMain.class.getName());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("application started"), run.output());
        assertTrue(run.output().contains("agent argument ignored: unknown argument 'bogus'"), run.output());
        assertTrue(run.output().contains("bad guard pattern 'com..acme'"), run.output());
        assertTrue(run.output().contains("collect-timeout=soon is not a duration like 500ms, 5s or 2m"), run.output());
        assertTrue(run.output().contains("jmx=maybe must be true or false"), run.output());
        assertTrue(run.output().contains("Usage: agent arguments are key=value pairs"), run.output());
    }

    @Test
    void annotatedClassOnTheApplicationClassPathIsReportedAsNeverAModule() throws Exception {
        ForkedJvm.Result run = ForkedJvm.run("", List.of(Plugins.jar().toString()), AppLoaderMain.class.getName());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("app-loader class says hi"), run.output());
        assertTrue(run.output().contains("dev.quiesce.testplugins.AppLoaderMarked is loaded by the application class"
                + " loader, which is never unloaded, so it is not a module"), run.output());
        assertFalse(run.output().contains("discovered"), run.output());
    }
}
