package dev.quiesce.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.quiesce.it.support.CliRun;
import dev.quiesce.it.support.TargetJvm;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar quiesce-agent.jar attach <pid>} into JVMs started without the agent: classes loaded before are
 * instrumented, calls that started before are waited for, and every way it can go wrong is one line and an exit code.
 */
class AttachTest {
    private static final String DYNAMIC_LOADING = "EnableDynamicAgentLoading";

    @Test
    void attachCountsCallsFromNowOnAndUnloadWaitsForACallThatStartedBefore() throws Exception {
        try (TargetJvm target = TargetJvm.start(null, optionIfKnown("-XX:+" + DYNAMIC_LOADING))) {
            target.send("load attach-plugin", "loaded");
            target.send("call attach-plugin", "called attach-plugin: 42");
            target.send("hold attach-plugin pre-attach-caller", "holding");

            CliRun.Result attach = CliRun.run("attach", target.pid());
            assertEquals(0, attach.exitCode(), attach.toString());
            assertTrue(attach.out().startsWith("Quiesce is now installed in JVM " + target.pid() + ": retransformed 1"
                    + " loaded class(es); module(s) found: worker."), attach.toString());
            assertFalse(attach.err().contains("note:"), "no JEP 451 note when dynamic loading is allowed: " + attach);
            assertFalse(target.output().contains("WARNING: A Java agent has been loaded dynamically"), target.output());

            CliRun.Result again = CliRun.run("attach", target.pid());
            assertEquals(0, again.exitCode(), again.toString());
            assertEquals("Quiesce is already installed in JVM " + target.pid() + " (attached earlier); nothing to do.\n",
                    again.out());

            target.send("call attach-plugin", "called attach-plugin: 42");
            CliRun.Result modules = CliRun.run("modules", target.pid(), "--json");
            assertTrue(modules.out().startsWith("[{\"id\":\"worker\",\"state\":\"ACTIVE\",\"inFlight\":0,"
                    + "\"entrances\":1,\"exits\":1,\"refused\":0,\"loader\":\"'attach-plugin'"), "the call after the"
                    + " attach is counted, the call held since before it is not: " + modules);

            CliRun.Result timedOut = CliRun.run("unload", target.pid(), "worker", "--timeout", "300ms");
            assertEquals(6, timedOut.exitCode(), timedOut.toString());
            assertTrue(timedOut.out().contains("\"pre-attach-caller\" (id "), timedOut.toString());
            assertTrue(timedOut.out().contains("is inside module 'worker' in a call that started before its classes"
                    + " were rewritten (before the agent attached, or before the module's first @Unloadable class"
                    + " loaded), so it is not counted"), timedOut.toString());
            assertTrue(timedOut.out().contains("dev.quiesce.testplugins.Worker.hold("), timedOut.toString());
            target.send("call attach-plugin", "called attach-plugin: 42");

            CliRun unload = CliRun.start("unload", target.pid(), "worker", "--timeout", "30s");
            await().atMost(Duration.ofSeconds(10)).until(() -> unload.errSoFar().contains("held by"
                    + " \"pre-attach-caller\""));
            assertFalse(unload.isDone(), "the unload waits for the call that started before the attach");
            target.send("drop attach-plugin", "dropped");
            assertEquals("released pre-attach-caller: held", target.send("release pre-attach-caller", "released"),
                    "the held call returned normally");
            CliRun.Result collected = unload.result();
            assertEquals(0, collected.exitCode(), collected.toString());
            assertTrue(collected.out().startsWith("COLLECTED: module 'worker' unloaded"), collected.toString());
        }
    }

    /**
     * Classes retransformed at attach carry work as classes rewritten at load do: a module call that, while its
     * module drains, hands a task to a pool, starts a thread, forks a {@code ForkJoinTask} from outside a pool or
     * hands a method reference to an executor, has that work admitted, and the unload waits for it.
     */
    @Test
    void workHandedOverWhileDrainingIsCarriedInClassesRetransformedAtAttach() throws Exception {
        List<String> kinds = List.of("execute", "thread", "forkFromOutside", "executeReference", "runAsync");
        try (TargetJvm target = TargetJvm.start(null, optionIfKnown("-XX:+" + DYNAMIC_LOADING))) {
            for (String kind : kinds) {
                target.send("fanout-load fanout-" + kind, "loaded");
            }
            CliRun.Result attach = CliRun.run("attach", target.pid());
            assertEquals(0, attach.exitCode(), attach.toString());
            for (String kind : kinds) {
                String loader = "fanout-" + kind;
                target.send("fanout-hold " + loader + " " + kind, "holding " + loader);
                String id = target.moduleId(loader);
                CliRun unload = CliRun.start("unload", target.pid(), id, "--timeout", "30s");
                await().atMost(Duration.ofSeconds(20)).until(() -> unload.errSoFar().contains("held by \"fanout-"
                        + loader + "\"")); // draining
                assertEquals("task entered " + loader + ": submitted", target.send("fanout-release " + loader,
                        "task"), kind + ": the task handed over while draining ran");
                assertFalse(unload.isDone(), kind + ": the unload waits for the task");
                assertEquals("finished " + loader + ": [" + kind + " task]", target.send("fanout-finish " + loader,
                        "finished"));
                assertEquals("dropped " + loader + ": [onUnload inside=0] violations=0",
                        target.send("fanout-drop " + loader, "dropped"), kind + ": torn down once, after the task");
                CliRun.Result unloaded = unload.result();
                assertEquals(0, unloaded.exitCode(), unloaded.toString());
                assertTrue(unloaded.out().startsWith("COLLECTED: module '" + id + "' unloaded"), unloaded.toString());
            }
        }
    }

    /**
     * Two generations of one plugin in unnamed loaders, with the same class names: their frames look exactly alike on
     * another thread's stack. A call that started in the first before the attach, and went on into the second, is
     * waited for (it was explained away by the second's counted call). A call counted in the second only is waited
     * for too: the scan errs on the side of waiting.
     */
    @Test
    void framesThatCannotBeToldApartFromTheModulesAreWaitedForNeverExplainedAway() throws Exception {
        try (TargetJvm target = TargetJvm.start(null, optionIfKnown("-XX:+" + DYNAMIC_LOADING))) {
            target.send("load-unnamed first", "loaded");
            target.send("hold-host first through-both 0", "holding");
            attach(target, "module(s) found: worker.");
            target.send("load-unnamed second", "loaded");
            target.send("reenter through-both second", "reentered");

            CliRun.Result timedOut = CliRun.run("unload", target.pid(), "worker", "--timeout", "300ms");
            assertEquals(6, timedOut.exitCode(), "the pre-attach call into 'worker' is still running: " + timedOut);
            assertTrue(timedOut.out().contains("\"through-both\" (id "), timedOut.toString());
            assertTrue(timedOut.out().contains("may also be a call into another loader of that name"), timedOut.out());
            target.send("release through-both", "released through-both: host said held");

            target.send("hold second only-second", "holding");
            CliRun.Result waited = CliRun.run("unload", target.pid(), "worker", "--timeout", "300ms");
            assertEquals(6, waited.exitCode(), "a frame of 'worker#2' looks like one of 'worker': " + waited);
            assertTrue(waited.out().contains("\"only-second\" (id "), waited.toString());
            target.send("release only-second", "released");

            target.send("drop first", "dropped");
            CliRun.Result collected = CliRun.run("unload", target.pid(), "worker", "--timeout", "10s");
            assertEquals(0, collected.exitCode(), collected.toString());
        }
    }

    /** A module frame under more than 1024 others (Thread.getStackTrace's cap on JDK 19+) is still waited for. */
    @Test
    void aPreAttachCallDeepUnderOtherFramesIsWaitedFor() throws Exception {
        try (TargetJvm target = TargetJvm.start(null, optionIfKnown("-XX:+" + DYNAMIC_LOADING))) {
            target.send("load deep-plugin", "loaded");
            target.send("hold-host deep-plugin deep-caller 1500", "holding");
            attach(target, "module(s) found: worker.");

            CliRun unload = CliRun.start("unload", target.pid(), "worker", "--timeout", "30s");
            await().atMost(Duration.ofSeconds(10)).until(() -> unload.errSoFar().contains("held by \"deep-caller\""));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !unload.isDone());
            target.send("drop deep-plugin", "dropped");
            target.send("release deep-caller", "released deep-caller: host said returned");
            CliRun.Result collected = unload.result();
            assertEquals(0, collected.exitCode(), collected.toString());
        }
    }

    /** A thread inside a call that started before the attach cannot unload that module: it would wait for itself. */
    @Test
    void anUnloadFromInsideAPreAttachCallIsRefused() throws Exception {
        try (TargetJvm target = TargetJvm.start(null, optionIfKnown("-XX:+" + DYNAMIC_LOADING))) {
            target.send("load self-plugin", "loaded");
            target.send("hold-host self-plugin self-caller 0", "holding");
            attach(target, "module(s) found: worker.");
            assertEquals("unload-inside self-caller: host said unload refused: unload of module 'worker' refused: the"
                    + " calling thread \"self-caller\" is inside the module and would wait for itself; request the"
                    + " unload from a thread outside the module",
                    target.send("unload-inside self-caller worker", "unload-inside"));
            target.send("call self-plugin", "called self-plugin: 42");
        }
    }

    /** Until the attach has found the calls that started before it, no unload can wait for them: it is refused. */
    @Test
    void anUnloadWhileTheAttachIsStillRetransformingIsRefused() throws Exception {
        try (TargetJvm target = TargetJvm.start(null, optionIfKnown("-XX:+" + DYNAMIC_LOADING))) {
            target.send("load-stalling stalling-plugin", "loaded");
            CliRun attach = CliRun.start("attach", target.pid());
            target.send("await-attach-read", "attach is reading");
            target.send("load late-plugin", "loaded");
            assertEquals("unload refused: unload of module 'worker' refused: the agent is still attaching"
                    + " (retransforming the classes loaded before it), so the calls that started before the attach"
                    + " are not known yet; try again once the attach has finished",
                    target.send("unload worker 1000", "unload"));
            target.send("let-attach-read", "attach may read");
            assertEquals(0, attach.result().exitCode(), attach.result().toString());
            target.send("drop late-plugin", "dropped");
            assertTrue(target.send("unload worker 1000", "unload").startsWith("unloaded: module 'worker' unloaded"),
                    target.output());
        }
    }

    private static void attach(TargetJvm target, String found) throws Exception {
        CliRun.Result attach = CliRun.run("attach", target.pid());
        assertEquals(0, attach.exitCode(), attach.toString());
        assertTrue(attach.out().contains(found), attach.toString());
    }

    @Test
    void attachExplainsTheWarningOfJava21AndLater() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "only Java 21 and later warn about dynamic loading");
        try (TargetJvm target = TargetJvm.start(null)) {
            CliRun.Result attach = CliRun.run("attach", target.pid());
            assertEquals(0, attach.exitCode(), attach.toString());
            assertTrue(attach.out().startsWith("Quiesce is now installed in JVM " + target.pid() + ": retransformed 0"
                    + " loaded class(es); no module found among them."), "nothing loaded yet: " + attach);
            assertTrue(attach.err().startsWith("note: JVM " + target.pid() + " runs Java "
                    + Runtime.version().feature() + ", so it printed a warning on its standard error: \"WARNING: A"
                    + " Java agent has been loaded dynamically\" (JEP 451)."), attach.toString());
            assertTrue(attach.err().contains("start that JVM with -XX:+EnableDynamicAgentLoading"), attach.err());
            await().atMost(Duration.ofSeconds(5)).until(() -> target.output().contains(
                    "WARNING: A Java agent has been loaded dynamically"));
        }
    }

    @Test
    void attachToAJvmThatForbidsDynamicLoadingSaysHowToAllowIt() throws Exception {
        assumeTrue(optionIfKnown("-XX:-" + DYNAMIC_LOADING).length > 0, "this JDK has no " + DYNAMIC_LOADING);
        try (TargetJvm target = TargetJvm.start(null, "-XX:-" + DYNAMIC_LOADING)) {
            CliRun.Result attach = CliRun.run("attach", target.pid());
            assertEquals(3, attach.exitCode(), attach.toString());
            assertEquals("quiesce: JVM " + target.pid() + " does not allow loading an agent while it runs: it was"
                    + " started with -XX:-EnableDynamicAgentLoading. Restart it with -XX:+EnableDynamicAgentLoading to"
                    + " allow attach, or with -javaagent:" + Path.of(System.getProperty("quiesce.agentJar")).normalize()
                    + "\n",
                    attach.err());

            CliRun.Result modules = CliRun.run("modules", target.pid());
            assertEquals(3, modules.exitCode(), modules.toString());
            assertEquals("quiesce: Quiesce is not installed in JVM " + target.pid() + ": attach it with 'java -jar"
                    + " quiesce-agent.jar attach " + target.pid() + "', or start that JVM with"
                    + " -javaagent:quiesce-agent.jar\n", modules.err());
        }
    }

    @Test
    void aPidThatIsNotAnAttachableJvmIsOneLineAndANonZeroExit() throws Exception {
        CliRun.Result noProcess = CliRun.process("attach", "2147483646");
        assertEquals(3, noProcess.exitCode(), noProcess.toString());
        assertEquals("quiesce: no process with pid 2147483646 (it may have ended); jps lists the running JVMs\n",
                noProcess.err());
        assertEquals("", noProcess.out());

        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            CliRun.Result notAJvm = CliRun.run("attach", Long.toString(sleeper.pid()));
            assertEquals(3, notAJvm.exitCode(), notAJvm.toString());
            assertTrue(notAJvm.err().startsWith("quiesce: process " + sleeper.pid() + " ("), notAJvm.err());
            assertTrue(notAJvm.err().endsWith(") is not a Java virtual machine that tools can attach to: jps does not"
                    + " list it (nor would it list a JVM started with -XX:-UsePerfData)\n"), notAJvm.err());
            assertTrue(sleeper.isAlive(), "a process that is not a JVM is never signalled");
        } finally {
            sleeper.destroy();
        }

        CliRun.Result notAPid = CliRun.run("unload", "twelve", "worker");
        assertEquals(2, notAPid.exitCode(), notAPid.toString());
        assertEquals("quiesce: 'twelve' is neither a process id nor a JMX service URL (service:jmx:...)\n",
                notAPid.err());
    }

    /** The option if this JDK knows the flag (JDK 17 updates have it too), else nothing. */
    private static String[] optionIfKnown(String option) {
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(DYNAMIC_LOADING);
            return new String[] {option};
        } catch (IllegalArgumentException e) {
            return new String[0];
        }
    }
}
