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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slow requests in flight during a redeploy: drained on the old generation, never cut short or torn down under. */
class DrainTest {
    @TempDir
    Path plugins;

    @BeforeEach
    void slowPlugin() throws Exception {
        PluginJars.install(PluginJars.sample("slow"), plugins, "slow.jar");
    }

    @Test
    void slowRequestInFlightDuringRedeployCompletesWithTheOldGenerationsAnswer() throws Exception {
        try (ServerProcess server = ServerProcess.start(plugins, "")) {
            CompletableFuture<Answer> slow = server.getAsync("/slow/?ms=2500");
            server.awaitInFlight("slow");

            PluginJars.install(PluginJars.sample("slow"), plugins, "slow.jar");
            server.awaitLog("slow.jar changed: slow#2 serves /slow/ from now on; unloading slow (1 request(s) in"
                    + " flight)", Duration.ofSeconds(10));
            assertEquals(new Answer(200, "slow#2", "slow#2 answered after 0 ms\n"), server.get("/slow/?ms=0"),
                    "new requests go to the new generation while the old one drains");

            assertEquals(new Answer(200, "slow", "slow answered after 2500 ms\n"), slow.get(10, TimeUnit.SECONDS));
            server.awaitLog("COLLECTED: module 'slow' unloaded: drained 1 call(s)", Duration.ofSeconds(10));
            assertEquals(1, server.count("[slow] @OnUnload: slow closed its connection with 0 call(s) inside"),
                    server.log());
        }
    }

    @Test
    void drainThatTimesOutKeepsTheOldGenerationOutOfRoutingAndRetriesUntilItDrains() throws Exception {
        try (ServerProcess server = ServerProcess.start(plugins, "", "--drain-timeout", "500ms")) {
            CompletableFuture<Answer> slow = server.getAsync("/slow/?ms=3000");
            server.awaitInFlight("slow");

            PluginJars.install(PluginJars.sample("slow"), plugins, "slow.jar");
            server.awaitLog("TIMED_OUT: module 'slow' not unloaded: 1 thread(s) or task group(s) still inside",
                    Duration.ofSeconds(10));
            String status = server.status();
            Matcher blocker = Pattern.compile("\"outcome\": \"TIMED_OUT\".*?\"blockers\": \\[ \\{"
                    + " \"thread\": \"[^\"]+\", \"threadId\": \\d+, \"threadState\": \"TIMED_WAITING\", \"inside\": \"is inside module 'slow'\","
                    + " \"frames\": \\[ [^]]*\\], \"moreFrames\": 0 \\} \\]").matcher(status);
            assertTrue(blocker.find(), "the timed-out unload's blocker, as an object: " + status);
            assertTrue(blocker.group().contains("\"slow//dev.quiesce.plugins.slow.Slow.apply(Slow.java:"),
                    "a frame of the plugin method the request sleeps in: " + blocker.group());
            server.awaitLog("slow receives no new requests and finishes the ones inside; next unload attempt in 1 s",
                    Duration.ofSeconds(5));
            assertEquals(new Answer(200, "slow#2", "slow#2 answered after 0 ms\n"), server.get("/slow/?ms=0"));

            assertEquals(new Answer(200, "slow", "slow answered after 3000 ms\n"), slow.get(10, TimeUnit.SECONDS));
            server.awaitLog("COLLECTED: module 'slow' unloaded", Duration.ofSeconds(15));
            assertEquals(1, server.count("[slow] @OnUnload: slow closed its connection with 0 call(s) inside"),
                    server.log());
        }
    }
}
