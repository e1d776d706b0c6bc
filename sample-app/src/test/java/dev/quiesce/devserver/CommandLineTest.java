package dev.quiesce.devserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.devserver.support.ServerProcess;
import dev.quiesce.devserver.support.ServerProcess.Result;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is explained (what was wrong, what to do) with a non-zero exit. */
class CommandLineTest {
    @TempDir
    Path plugins;

    @Test
    void missingPluginsFlagIsExplainedWithUsage() throws Exception {
        Result run = ServerProcess.run(true, "--port", "0");
        assertEquals(2, run.exitCode(), run.output());
        assertTrue(run.output().contains("error: --plugins <dir> is required\nusage:"), run.output());
    }

    @Test
    void badValuesAreExplained() throws Exception {
        Result duration = ServerProcess.run(true, "--plugins", plugins.toString(), "--drain-timeout", "soon");
        assertEquals(2, duration.exitCode(), duration.output());
        assertTrue(duration.output().contains("error: --drain-timeout soon is not a duration like 500ms, 30s or 2m"),
                duration.output());
        Result port = ServerProcess.run(true, "--plugins", plugins.toString(), "--port", "http");
        assertTrue(port.output().contains("error: --port http is not a port: use 0 to 65535"), port.output());
        Result flag = ServerProcess.run(true, "--plugins", plugins.toString(), "--prot", "1");
        assertTrue(flag.output().contains("error: unknown option '--prot'"), flag.output());
    }

    @Test
    void missingDirectoryIsExplained() throws Exception {
        Result run = ServerProcess.run(true, "--plugins", plugins.resolve("nope").toString(), "--port", "0");
        assertEquals(2, run.exitCode(), run.output());
        assertTrue(run.output().contains("error: the plugins directory " + plugins.resolve("nope") + " does not exist or"
                + " is not a directory: create it, or point --plugins at the directory that holds your plugin jars"),
                run.output());
    }

    @Test
    void portInUseIsExplained() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result run = ServerProcess.run(true, "--plugins", plugins.toString(), "--port",
                    String.valueOf(taken.getLocalPort()));
            assertEquals(1, run.exitCode(), run.output());
            assertTrue(run.output().contains("error: cannot listen on 127.0.0.1:" + taken.getLocalPort()), run.output());
            assertTrue(run.output().contains("another process uses that port; stop it, or choose another with --port"
                    + " (0 picks a free one)"), run.output());
        }
    }

    @Test
    void missingAgentIsExplained() throws Exception {
        Result run = ServerProcess.run(false, "--plugins", plugins.toString());
        assertEquals(2, run.exitCode(), run.output());
        assertTrue(run.output().contains("error: the Quiesce agent is not installed: start the server with"
                + " -javaagent:agent/target/quiesce-agent.jar"), run.output());
    }
}
