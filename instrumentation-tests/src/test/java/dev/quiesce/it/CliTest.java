package dev.quiesce.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.it.support.CliRun;
import dev.quiesce.it.support.TargetJvm;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The CLI's modules and unload commands against a JVM started with the agent: output, JSON and exit codes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliTest {
    private TargetJvm target;

    @BeforeAll
    void startTarget() throws Exception {
        target = TargetJvm.start("collect-timeout=1s");
    }

    @AfterAll
    void stopTarget() throws Exception {
        target.close();
    }

    @Test
    void modulesPrintsATableAndJson() throws Exception {
        target.send("load cli-table", "loaded");
        target.send("call cli-table", "called");
        String id = target.moduleId("cli-table");

        CliRun.Result table = CliRun.run("modules", target.pid());
        assertEquals(0, table.exitCode(), table.toString());
        assertTrue(table.out().startsWith("ID"), table.out());
        assertTrue(table.out().lines().findFirst().orElseThrow()
                .matches("ID +STATE +IN FLIGHT +ENTRANCES +EXITS +REFUSED +LOADER"), table.out());
        assertTrue(table.out().lines().anyMatch(row -> row.matches(Pattern.quote(id) + " +ACTIVE +0 +3 +3 +0 +"
                + "'cli-table' java\\.net\\.URLClassLoader@\\p{XDigit}+")), "the static initialiser, the constructor and the call: "
                + table.out());

        CliRun.Result json = CliRun.run("modules", target.pid(), "--json");
        assertEquals(0, json.exitCode(), json.toString());
        assertTrue(json.out().startsWith("[{\"id\":"), json.out());
        assertTrue(json.out().contains("{\"id\":\"" + id + "\",\"state\":\"ACTIVE\",\"inFlight\":0,\"entrances\":3,"
                + "\"exits\":3,\"refused\":0,\"loader\":\"'cli-table' java.net.URLClassLoader@"), json.out());
    }

    @Test
    void unloadShowsProgressAndWhoHoldsItThenCollectedExitsZero() throws Exception {
        String id = loadAndHold("cli-drain");

        CliRun unload = CliRun.start("unload", target.pid(), id, "--timeout", "30s", "--json");
        await().atMost(Duration.ofSeconds(10)).until(() -> unload.errSoFar().contains("held by \"cli-drain-caller\""));
        assertTrue(unload.errSoFar().startsWith("unloading '" + id + "' in JVM " + target.pid() + ", waiting up to 30s"
                + " for calls in flight\ndraining: 1 call(s) in flight\n"), unload.errSoFar());
        assertTrue(unload.errSoFar().contains("held by \"cli-drain-caller\" (id "), unload.errSoFar());
        assertTrue(target.send("call cli-drain", "refused").contains("is DRAINING"));
        target.send("drop cli-drain", "dropped");
        assertEquals("released cli-drain-caller: held", target.send("release cli-drain-caller", "released"),
                "the held call returned normally");

        CliRun.Result collected = unload.result();
        assertEquals(0, collected.exitCode(), collected.toString());
        assertTrue(collected.out().startsWith("{\"module\":\"" + id + "\",\"outcome\":\"COLLECTED\","
                + "\"inFlightAtStart\":1,\"drainMillis\":"), collected.out());
        assertTrue(collected.out().contains("\"blockers\":[],\"fixes\":[],\"leaks\":[],\"problems\":[],"
                + "\"summary\":\"module '" + id
                + "' unloaded: drained 1 call(s) in "), collected.out());
    }

    @Test
    void timedOutRetainedRefusedAndUsageErrorsHaveTheirOwnExitCodes() throws Exception {
        String busy = loadAndHold("cli-busy");
        CliRun.Result timedOut = CliRun.run("unload", target.pid(), busy, "--timeout", "200ms");
        assertEquals(6, timedOut.exitCode(), timedOut.toString());
        assertTrue(timedOut.out().startsWith("TIMED_OUT: module '" + busy + "' not unloaded: 1 thread(s) or task"
                + " group(s) still inside after "), timedOut.out());
        assertTrue(timedOut.out().contains("still inside at the timeout:\n  \"cli-busy-caller\" (id "), timedOut.out());
        assertTrue(timedOut.out().contains("WAITING) is inside module '" + busy + "'\n  \tat "), timedOut.out());
        assertTrue(timedOut.out().contains("next: the module is ACTIVE again and untouched."), timedOut.out());
        CliRun.Result timedOutJson = CliRun.run("unload", target.pid(), busy, "--timeout", "200ms", "--json");
        assertEquals(6, timedOutJson.exitCode(), timedOutJson.toString());
        Matcher blocker = Pattern.compile("\"blockers\":\\[\\{\"thread\":\"cli-busy-caller\",\"threadId\":\\d+,"
                + "\"threadState\":\"WAITING\",\"inside\":\"is inside module '" + Pattern.quote(busy) + "'\","
                + "\"frames\":\\[(\"[^\"]*\",?)+\\],\"moreFrames\":0\\}\\],").matcher(timedOutJson.out());
        assertTrue(blocker.find(), "one blocker, as an object: " + timedOutJson.out());
        assertTrue(blocker.group().contains("\"cli-busy//dev.quiesce.testplugins.Worker.hold(Worker.java:"),
                "a frame of the module method it is held in: " + blocker.group());
        assertEquals("released cli-busy-caller: held", target.send("release cli-busy-caller", "released"),
                "the held call returned normally");

        target.send("load cli-kept", "loaded");
        String kept = target.moduleId("cli-kept");
        CliRun.Result retained = CliRun.run("unload", target.pid(), kept);
        assertEquals(5, retained.exitCode(), retained.toString());
        assertTrue(retained.out().startsWith("RETAINED: module '" + kept + "' unloaded, but its class loader is still"
                + " reachable"), retained.out());
        assertTrue(retained.out().contains("next: something still holds the class loader: fix what is listed above."), retained.out());

        CliRun.Result again = CliRun.run("unload", target.pid(), kept);
        assertEquals(4, again.exitCode(), again.toString());
        assertEquals("quiesce: unload refused: module '" + kept + "' is already unloaded\n", again.err());
        CliRun.Result unknown = CliRun.run("unload", target.pid(), "nope");
        assertEquals(4, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.err().startsWith("quiesce: unload refused: no module named 'nope'; known modules: "),
                unknown.err());

        CliRun.Result badTimeout = CliRun.run("unload", target.pid(), busy, "--timeout", "soon");
        assertEquals(2, badTimeout.exitCode(), badTimeout.toString());
        assertEquals("quiesce: --timeout soon is not a duration like 500ms, 5s or 2m; see: java -jar"
                + " quiesce-agent.jar unload --help\n", badTimeout.err());
        CliRun.Result missing = CliRun.run("unload", target.pid());
        assertEquals(2, missing.exitCode(), missing.toString());
        assertEquals("quiesce: unload takes a pid or a JMX service URL, then a module name; see: java -jar"
                + " quiesce-agent.jar unload --help\n", missing.err());
        CliRun.Result noTarget = CliRun.run("modules", "2147483646");
        assertEquals(3, noTarget.exitCode(), noTarget.toString());
        assertEquals("quiesce: no process with pid 2147483646 (it may have ended); jps lists the running JVMs\n",
                noTarget.err());
    }

    @Test
    void attachToAJvmStartedWithTheAgentChangesNothing() throws Exception {
        CliRun.Result attach = CliRun.run("attach", target.pid(), "collect-timeout=9s");
        assertEquals(0, attach.exitCode(), attach.toString());
        assertEquals("Quiesce is already installed in JVM " + target.pid() + " (started with -javaagent); nothing to"
                + " do. The agent arguments were not applied: the agent reads them only when it starts.\n",
                attach.out());
        assertFalse(target.output().contains("loaded dynamically"), "no agent was loaded: " + target.output());
    }

    @Test
    void worksAgainstAJmxServiceUrl() throws Exception {
        target.send("load cli-remote", "loaded");
        String url = target.send("jmx", "jmx ").substring("jmx ".length());
        CliRun.Result modules = CliRun.run("modules", url, "--json");
        assertEquals(0, modules.exitCode(), modules.toString());
        assertTrue(modules.out().contains("'cli-remote'"), modules.out());
        assertEquals(CliRun.run("modules", target.pid(), "--json").out(), modules.out(), "the same as through the pid");

        CliRun.Result unreachable = CliRun.run("modules", "service:jmx:rmi:///jndi/rmi://127.0.0.1:1/jmxrmi");
        assertEquals(3, unreachable.exitCode(), unreachable.toString());
        assertTrue(unreachable.err().startsWith("quiesce: cannot connect to service:jmx:rmi:///jndi/rmi://127.0.0.1:1"
                + "/jmxrmi: "), unreachable.err());
        assertEquals(1, unreachable.err().lines().count(), unreachable.err());
    }

    @Test
    void helpDocumentsEveryCommandAndTheExitCodes() throws Exception {
        CliRun.Result help = CliRun.process("--help");
        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.out().startsWith("Usage: java -jar quiesce-agent.jar <command> [arguments]"), help.out());
        for (String command : new String[] {"attach", "modules", "unload", "leaks"}) {
            CliRun.Result commandHelp = CliRun.run(command, "--help");
            assertEquals(0, commandHelp.exitCode(), commandHelp.toString());
            assertTrue(commandHelp.out().startsWith("Usage: java -jar quiesce-agent.jar " + command + " "),
                    commandHelp.out());
        }
        String unloadHelp = CliRun.run("unload", "--help").out();
        for (String code : new String[] {"0  done", "1  the command failed", "2  the command line", "3  cannot reach",
            "4  refused", "5  unloaded, but", "6  calls were still inside"}) {
            assertTrue(unloadHelp.contains("\n  " + code), code + " in " + unloadHelp);
        }
        CliRun.Result none = CliRun.run();
        assertEquals(2, none.exitCode(), none.toString());
        assertEquals(help.out(), none.err(), "no command prints the usage, on standard error");
        assertEquals("", none.out());
    }

    /** Loads a module into a loader of this name, holds a call inside it on thread {@code <loader>-caller}. */
    private String loadAndHold(String loaderName) throws Exception {
        target.send("load " + loaderName, "loaded");
        String id = target.moduleId(loaderName);
        target.send("hold " + loaderName + " " + loaderName + "-caller", "holding");
        return id;
    }
}
