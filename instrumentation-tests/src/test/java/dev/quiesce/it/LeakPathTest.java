package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.it.support.CliRun;
import dev.quiesce.it.support.TargetJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's {@code leaks} command against a forked plugin host: the target dumps its heap, and the CLI (here, this
 * JVM) finds the paths from GC roots to what an unloaded module left behind, naming each class and field on the way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeakPathTest {
    private static final String HELD = "(the module's: it holds the class loader)";
    private TargetJvm target;

    @BeforeAll
    void startTarget() throws Exception {
        target = TargetJvm.start("collect-timeout=1s,fix-leaks=false");
    }

    @AfterAll
    void stopTarget() {
        target.close();
    }

    @Test
    void aHostFieldStillHoldingAPluginObjectIsNamedWithItsClassAndField() throws Exception {
        String id = loadAndUnload("lp-kept", null, null, 5);

        CliRun.Result leaks = CliRun.run("leaks", target.pid(), id);
        assertEquals(5, leaks.exitCode(), leaks.toString());
        assertTrue(leaks.out().startsWith("module '" + id + "' (class loader 'lp-kept' java.net.URLClassLoader) is"
                + " held by 1 path from a GC root:\n"), leaks.out());
        assertTrue(leaks.out().contains("  +- dev.quiesce.it.forked.PluginHost class\n"
                + "  |    v static PluginHost.WORKERS\n"
                + "  +- java.util.concurrent.ConcurrentHashMap instance\n"), leaks.out());
        assertTrue(leaks.out().contains("  \\- dev.quiesce.testplugins.Worker instance  " + HELD + "\n"),
                leaks.out());
        assertTrue(leaks.err().startsWith("dumping the heap of JVM " + target.pid() + " to "), leaks.err());
    }

    @Test
    void aThreadTheModuleLeftRunningIsTheRootOfItsPath() throws Exception {
        target.send("start lp-thread dev.quiesce.testplugins.leaky.StrayThread", "started");
        String id = target.moduleId("lp-thread");
        CliRun.Result unload = CliRun.run("unload", target.pid(), id);
        assertEquals(5, unload.exitCode(), unload.toString());

        CliRun.Result leaks = CliRun.run("leaks", target.pid(), id);
        assertEquals(5, leaks.exitCode(), leaks.toString());
        assertTrue(leaks.out().contains("  GC root: Thread object\n  +- java.lang.Thread instance (Thread name:"
                + " 'stray-poller'"), leaks.out());
        assertTrue(leaks.out().contains("  \\- dev.quiesce.testplugins.leaky.StrayThread$Loop instance  " + HELD),
                leaks.out());
    }

    @Test
    void aLoaderHeldOnlyThroughASoftReferenceIsSaidToBe() throws Exception {
        String id = loadAndUnload("lp-soft", "soften", "softened", 5);

        CliRun.Result leaks = CliRun.run("leaks", target.pid(), id);
        assertEquals(5, leaks.exitCode(), leaks.toString());
        assertTrue(leaks.out().startsWith("module '" + id + "' (class loader 'lp-soft' java.net.URLClassLoader) is"
                + " held only through soft references, by 1 path from a GC root."), leaks.out());
        assertTrue(leaks.out().contains("  |    v static PluginHost.SOFTLY_HELD\n"), leaks.out());
        assertTrue(leaks.out().contains("  +- java.lang.ref.SoftReference instance\n  |    v Reference.referent\n"
                + "  \\- dev.quiesce.testplugins.Worker instance  " + HELD), leaks.out());
    }

    @Test
    void aKeptDumpIsAnalysedOfflineToTheSameAnswer(@TempDir Path dir) throws Exception {
        String id = loadAndUnload("lp-offline", null, null, 5);
        Path dump = dir.resolve("heap.hprof");

        CliRun.Result live = CliRun.run("leaks", target.pid(), id, "--dump", dump.toString());
        assertEquals(5, live.exitCode(), live.toString());
        assertTrue(Files.size(dump) > 0, live.toString());
        assertTrue(live.err().contains("the heap dump is kept at " + dump), live.err());

        CliRun.Result offline = CliRun.run("leaks", "--hprof", dump.toString(), id);
        assertEquals(5, offline.exitCode(), offline.toString());
        assertEquals(live.out(), offline.out());
        CliRun.Result unknown = CliRun.run("leaks", "--hprof", dump.toString(), "nope");
        assertEquals(0, unknown.exitCode(), unknown.toString());
        assertEquals("no unloaded module nope has a class loader in this heap dump: it was collected, or no module has"
                + " that name\n", unknown.out());

        CliRun.Result json = CliRun.run("leaks", "--hprof", dump.toString(), id, "--json");
        assertEquals(5, json.exitCode(), json.toString());
        assertTrue(json.out().contains("\"modules\":[{\"module\":\"" + id + "\",\"loader\":\"'lp-offline'"
                + " java.net.URLClassLoader\",\"strength\":\"strong\",\"paths\":[{\"root\":"), json.out());
        assertTrue(json.out().contains("{\"object\":\"dev.quiesce.it.forked.PluginHost class\",\"reference\":"
                + "\"static PluginHost.WORKERS\"}"), json.out());
    }

    /**
     * A name stands for every generation of it (the Modules attribute's name, the dump's module names): here its
     * first generation, whose id is the name, is live, and the two after it are unloaded and held.
     */
    @Test
    void aNameExplainsEveryUnloadedGenerationOfIt(@TempDir Path dir) throws Exception {
        try (TargetJvm own = TargetJvm.start("collect-timeout=1s,fix-leaks=false")) {
            own.send("load gen-live", "loaded");
            assertEquals("worker", own.moduleId("gen-live"));
            List<String> unloaded = new ArrayList<>();
            for (String loader : List.of("gen-a", "gen-b")) {
                own.send("load " + loader, "loaded");
                unloaded.add(own.moduleId(loader));
                assertEquals(5, CliRun.run("unload", own.pid(), unloaded.get(unloaded.size() - 1)).exitCode());
            }
            Path dump = dir.resolve("heap.hprof");

            CliRun.Result live = CliRun.run("leaks", own.pid(), "worker", "--dump", dump.toString());
            assertEquals(5, live.exitCode(), live.toString());
            assertTrue(live.out().contains("module '" + unloaded.get(0) + "' (class loader 'gen-a' "), live.out());
            assertTrue(live.out().contains("module '" + unloaded.get(1) + "' (class loader 'gen-b' "), live.out());
            CliRun.Result offline = CliRun.run("leaks", "--hprof", dump.toString(), "worker");
            assertEquals(live.out(), offline.out(), "the dump names the generations as the JVM does");
            CliRun.Result json = CliRun.run("leaks", "--hprof", dump.toString(), "worker", "--json");
            assertTrue(json.out().startsWith("{\"unloaded\":[") && !json.out().contains("\"names\""), json.out());
        }
    }

    @Test
    void aJmxUrlOnThisMachineWorksLikeAPid() throws Exception {
        String id = loadAndUnload("lp-remote", null, null, 5);
        String url = target.send("jmx", "jmx ").substring("jmx ".length());

        CliRun.Result leaks = CliRun.run("leaks", url, id);
        assertEquals(5, leaks.exitCode(), leaks.toString());
        assertTrue(leaks.err().startsWith("dumping the heap of " + url + " to "), leaks.err());
        assertTrue(leaks.out().contains("  |    v static PluginHost.WORKERS\n"), leaks.out());
    }

    @Test
    void aCollectedModuleHasNothingToExplainAndALiveOneIsRefused() throws Exception {
        String gone = loadAndUnload("lp-gone", "drop", "dropped", 0);
        CliRun.Result collected = CliRun.run("leaks", target.pid(), gone);
        assertEquals(0, collected.exitCode(), collected.toString());
        assertEquals("nothing holds " + gone + ": the class loader was collected\n", collected.out());

        target.send("load lp-live", "loaded");
        String live = target.moduleId("lp-live");
        CliRun.Result refused = CliRun.run("leaks", target.pid(), live);
        assertEquals(4, refused.exitCode(), refused.toString());
        assertEquals("quiesce: module '" + live + "' is ACTIVE, not unloaded: leaks explains what holds an unloaded"
                + " module; unload it first\n", refused.err());
        CliRun.Result unknown = CliRun.run("leaks", target.pid(), "nope");
        assertEquals(4, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.err().startsWith("quiesce: no module named 'nope' in JVM "), unknown.err());
    }

    @Test
    void badArgumentsAndFilesAreClearErrors(@TempDir Path dir) throws Exception {
        CliRun.Result both = CliRun.run("leaks", "--hprof", "a.hprof", "--dump", "b.hprof");
        assertEquals(2, both.exitCode(), both.toString());
        assertEquals("quiesce: --hprof reads a dump and --dump writes one: give one of them; see: java -jar"
                + " quiesce-agent.jar leaks --help\n", both.err());
        CliRun.Result badName = CliRun.run("leaks", target.pid(), "--dump", dir.resolve("heap.bin").toString());
        assertEquals(2, badName.exitCode(), badName.toString());
        assertTrue(badName.err().contains("the JVM writes only a new file whose name ends with .hprof"),
                badName.err());

        Path notADump = Files.writeString(dir.resolve("notes.hprof"), "not a heap dump");
        CliRun.Result garbage = CliRun.run("leaks", "--hprof", notADump.toString());
        assertEquals(1, garbage.exitCode(), garbage.toString());
        assertTrue(garbage.err().contains("\nquiesce: cannot analyse " + notADump + " (is it a whole HPROF heap"
                + " dump?): "), garbage.err());

        Path plain = dir.resolve("plain.hprof");
        try (TargetJvm noAgent = TargetJvm.start(null)) {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    noAgent.pid(), "GC.heap_dump", plain.toString()).redirectErrorStream(true).start();
            assertTrue(jcmd.waitFor(60, TimeUnit.SECONDS), "jcmd did not finish in 60 s");
            assertEquals(0, jcmd.exitValue(), new String(jcmd.getInputStream().readAllBytes()));
        }
        CliRun.Result notQuiesce = CliRun.run("leaks", "--hprof", plain.toString());
        assertEquals(1, notQuiesce.exitCode(), notQuiesce.toString());
        assertTrue(notQuiesce.err().contains("\nquiesce: this heap dump is not of a JVM running the Quiesce agent"),
                notQuiesce.err());
    }

    /**
     * Loads a Worker in a loader of this name (the host's map keeps it), sends the host {@code <command> <loader>}
     * if a command is given and waits for its answer, then unloads the module.
     */
    private String loadAndUnload(String loaderName, String command, String answer, int exitCode) throws Exception {
        target.send("load " + loaderName, "loaded");
        String id = target.moduleId(loaderName);
        if (command != null) {
            target.send(command + " " + loaderName, answer);
        }
        CliRun.Result unload = CliRun.run("unload", target.pid(), id);
        assertEquals(exitCode, unload.exitCode(), unload.toString());
        return id;
    }
}
