package dev.quiesce.devserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.devserver.support.PluginJars;
import dev.quiesce.devserver.support.ServerProcess;
import dev.quiesce.devserver.support.ServerProcess.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM: every module is drained before the JVM exits. */
class ShutdownTest {
    @TempDir
    Path plugins;

    @Test
    void sigtermDrainsTheRequestsInFlightThenUnloadsEveryModule() throws Exception {
        PluginJars.install(PluginJars.sample("slow"), plugins, "slow.jar");
        PluginJars.install(PluginJars.sample("hello"), plugins, "hello.jar");
        try (ServerProcess server = ServerProcess.start(plugins, "")) {
            CompletableFuture<Answer> slow = server.getAsync("/slow/?ms=2000");
            server.awaitInFlight("slow");

            int exitCode = server.terminate();
            server.awaitLog("[shutdown] stopped", Duration.ofSeconds(5));

            assertEquals(new Answer(200, "slow", "slow answered after 2000 ms\n"), slow.get(10, TimeUnit.SECONDS));
            assertEquals(143, exitCode, "the JVM's exit code after SIGTERM\n" + server.log());
            String log = server.log();
            assertTrue(log.contains("new requests get 503; draining 2 generation(s)"), log);
            assertTrue(log.contains("COLLECTED: module 'slow' unloaded: drained 1 call(s)"), log);
            assertTrue(log.contains("COLLECTED: module 'hello' unloaded"), log);
            assertTrue(log.contains("[slow] @OnUnload: slow closed its connection with 0 call(s) inside"), log);
            assertTrue(log.endsWith("[shutdown] stopped: every generation drained and unloaded"), log);
        }
    }
}
