package dev.quiesce.devserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quiesce.devserver.support.PluginJars;
import dev.quiesce.devserver.support.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A redeploy whose unload needed a leak fix is logged once, by the server: the agent, which logs such a report as a
 * warning, stays quiet about the server's own unloads.
 */
class LeakFixLogTest {
    private static final String FIX = "1 leak fix(es) applied: deregistered JDBC driver";

    @TempDir
    Path work;

    @Test
    void aLeakFixedUnloadIsLoggedOnce() throws Exception {
        Path plugins = Files.createDirectory(work.resolve("plugins"));
        PluginJars.install(PluginJars.sample("leaky"), plugins, "leaky.jar");
        try (ServerProcess server = ServerProcess.start(plugins, "")) {
            PluginJars.install(PluginJars.sample("leaky"), plugins, "leaky.jar");
            server.awaitLog("[unload] COLLECTED: module 'leaky' unloaded", Duration.ofSeconds(15));
            // The agent logs on the unloading thread before Quiesce.unload returns, to the same stream: a line it
            // wrote would already be in the log.
            assertEquals(1, server.count(FIX), server.log());
            assertEquals(0, server.count("[agent] WARNING quiesce: module 'leaky'"), server.log());
        }
    }
}
