package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.quiesce.it.forked.AppLoaderMain;
import dev.quiesce.it.forked.HelloMain;
import dev.quiesce.it.forked.ThreadIdsMain;
import dev.quiesce.it.support.CliRun;
import dev.quiesce.it.support.ForkedJvm;
import dev.quiesce.it.support.Plugins;
import dev.quiesce.it.support.TargetJvm;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent at start-up, each case in a fresh JVM: bad arguments and misplaced modules never stop the host, and the
 * agent costs the host no JVM warning and no class data sharing.
 */
class AgentStartupTest {
    private static final String SHARING_WARNING = "Sharing is only supported for boot loader classes because"
            + " bootstrap classpath has been appended";

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

    /** With the agent, a hello world prints its own line and nothing else: no HotSpot warning. */
    @Test
    void theAgentPrintsNoWarning(@TempDir Path dir) throws Exception {
        Result run = java(jarOf(dir, HelloMain.class), HelloMain.class,
                "-javaagent:" + System.getProperty("quiesce.agentJar"));
        assertEquals(0, run.exitCode(), run.output());
        assertEquals("application started\n", run.output());
    }

    /**
     * Start-up sets up no {@code java.util.logging} (about 8 ms here): the agent's logger is the JDK's lazy one, set
     * up when something is first logged. With {@code jmx=false}, as the MXBean's registration on its own thread may
     * log.
     */
    @Test
    void startUpSetsUpNoLogging(@TempDir Path dir) throws Exception {
        Result run = java(jarOf(dir, HelloMain.class), HelloMain.class, "-Xlog:class+load=info",
                "-javaagent:" + System.getProperty("quiesce.agentJar") + "=jmx=false");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("application started"), run.output());
        assertEquals(List.of(), run.output().lines().filter(line -> line.contains(" java.util.logging.")).toList());
    }

    /**
     * An application class archived by a dynamic CDS archive is still loaded from it with the agent, as the runtime
     * is defined in the boot loader rather than appended to its search path. (Appending stops this on JDK 25; JDK 17
     * shares the class anyway, and only warns.) The archive is dumped with {@code --add-modules java.instrument}, as
     * {@code -javaagent} implies it; JDK 25 still logs errors about the base archive, dumped without it.
     */
    @Test
    void applicationClassesStayShared(@TempDir Path dir) throws Exception {
        Path jar = jarOf(dir, HelloMain.class);
        Path archive = dir.resolve("hello.jsa");
        Result dump = java(jar, HelloMain.class, "--add-modules", "java.instrument",
                "-XX:ArchiveClassesAtExit=" + archive);
        assertEquals(0, dump.exitCode(), dump.output());
        assertTrue(Files.isRegularFile(archive), "no archive was dumped: " + dump.output());

        Result run = java(jar, HelloMain.class, "-XX:SharedArchiveFile=" + archive, "-Xshare:auto",
                "-Xlog:class+load=info", "-javaagent:" + System.getProperty("quiesce.agentJar"));
        assertEquals(0, run.exitCode(), run.output());
        assertFalse(run.output().contains(SHARING_WARNING), run.output());
        assertTrue(run.output().contains(HelloMain.class.getName() + " source: shared objects file"),
                "the application class is not shared: " + run.output().lines()
                        .filter(line -> line.contains(HelloMain.class.getName())).collect(Collectors.joining("\n")));
        assertTrue(run.output().contains("dev.quiesce.agent.runtime.Gates source: __JVM_DefineClass__"),
                "the runtime is defined in the boot loader, not found on a search path");
    }

    /** Attaching defines the runtime the same way: the target JVM prints no sharing warning. */
    @Test
    void attachPrintsNoSharingWarning() throws Exception {
        try (TargetJvm target = TargetJvm.start(null, dynamicLoadingAllowed())) {
            CliRun.Result attach = CliRun.run("attach", target.pid());
            assertEquals(0, attach.exitCode(), attach.toString());
            target.send("load attach-plugin", "loaded");
            assertEquals("called attach-plugin: 42", target.send("call attach-plugin", "called attach-plugin"));
            assertFalse(target.output().toLowerCase().contains("warning"), target.output());
        }
    }

    /**
     * The fallback when the runtime cannot be defined in the boot loader, forced here: a clear line, the appended
     * jar (and with it HotSpot's warning), and an agent that works.
     */
    @Test
    void withoutDefinitionTheRuntimeIsAppendedAndTheAgentStillWorks() throws Exception {
        ForkedJvm.Result run = ForkedJvm.run("", List.of("-Ddev.quiesce.agent.bootstrap=append"),
                List.of(Plugins.jar().toString()), AppLoaderMain.class.getName());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("quiesce: the runtime is not defined in the boot loader"
                + " (java.lang.IllegalStateException: -Ddev.quiesce.agent.bootstrap=append asks for the bootstrap"
                + " class path); it is appended to the bootstrap class path instead"), run.output());
        assertTrue(run.output().contains(SHARING_WARNING), run.output());
        assertTrue(run.output().contains("dev.quiesce.testplugins.AppLoaderMarked is loaded by the application class"
                + " loader, which is never unloaded, so it is not a module"), run.output());
    }

    /**
     * The runtime knows a thread by the JVM's own id (on JDK 17, once the agent opened {@code java.lang} to it), so a
     * cell's owner check is one compare, whether the runtime is defined in the boot loader or appended; and on JDK
     * 19+ it sees a virtual thread's carrier, whose stripe its calls count on.
     */
    @Test
    void theRuntimeKnowsThreadsByTheJvmsId(@TempDir Path dir) throws Exception {
        Path jar = jarOf(dir, ThreadIdsMain.class);
        String agent = "-javaagent:" + System.getProperty("quiesce.agentJar") + "=jmx=false";
        for (String mode : List.of("define", "append")) {
            Result run = java(jar, ThreadIdsMain.class, "-Ddev.quiesce.agent.bootstrap=" + mode, agent);
            assertEquals(0, run.exitCode(), run.output());
            assertTrue(run.output().contains("thread ids trusted: true"), mode + ": " + run.output());
            assertTrue(run.output().contains("carriers seen: " + (Runtime.version().feature() >= 19)),
                    mode + ": a virtual thread's stripe is its carrier's on JDK 19+: " + run.output());
        }
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs {@code main} of {@code jar} alone on the class path, in a small JVM with {@code options}. */
    private static Result java(Path jar, Class<?> main, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1"));
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", jar.toString(), main.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), output);
    }

    /** A jar holding {@code type}'s class file alone: class data sharing archives classes from jars only. */
    private static Path jarOf(Path dir, Class<?> type) throws IOException {
        String entry = type.getName().replace('.', '/') + ".class";
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
        }
        return jar;
    }

    private static String[] dynamicLoadingAllowed() {
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("EnableDynamicAgentLoading");
            return new String[] {"-XX:+EnableDynamicAgentLoading"};
        } catch (IllegalArgumentException e) {
            return new String[0];
        }
    }
}
