package dev.quiesce.devserver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.devserver.support.Cli;
import dev.quiesce.devserver.support.PluginJars;
import dev.quiesce.devserver.support.ServerProcess;
import dev.quiesce.devserver.support.ServerProcess.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refusal that comes out of a plugin's body after it did part of its work is the plugin's failure, never retried
 * on the new generation, even once the route switched: the request would run twice. The {@code relay} test plugin
 * logs that it began, waits for a go, then makes a call that Quiesce refuses; or calls back into itself from a
 * thread it starts, which Quiesce carries, so that call is not refused.
 */
class NestedRefusalTest {
    @TempDir
    Path work;
    private Path plugins;
    private Path relayJar;

    @BeforeEach
    void relayPlugin() throws Exception {
        plugins = Files.createDirectory(work.resolve("plugins"));
        relayJar = PluginJars.testPlugin("relay", "relay.Relay", work);
        PluginJars.install(relayJar, plugins, "relay.jar");
    }

    @Test
    void refusedNestedCallIntoAnotherModuleIsThePluginsFailure() throws Exception {
        try (ServerProcess server = ServerProcess.start(plugins, "")) {
            CompletableFuture<Answer> request = server.getAsync("/relay/?via=callee&work=" + work);
            awaitBegun(List.of("relay began"));
            Cli.Result unload = Cli.run("unload", server.pid(), "callee");
            assertTrue(unload.out().contains("module 'callee' unloaded"), unload.toString());
            PluginJars.install(relayJar, plugins, "relay.jar");
            server.awaitLog("relay.jar changed: relay#2 serves /relay/ from now on", Duration.ofSeconds(10));

            Files.createFile(work.resolve("go"));

            Answer answer = request.get(30, TimeUnit.SECONDS);
            assertEquals(500, answer.status(), answer.toString());
            assertTrue(answer.body().startsWith("plugin relay failed: dev.quiesce.ModuleUnloadedException: module"
                    + " 'callee' is UNLOADED"), answer.body());
            assertEquals(List.of("relay began"), begun(), "the request ran once, on the generation it started on");
            assertEquals(0, server.retriedOnNewGeneration());
        }
    }

    /**
     * The other way of calling back, from a thread the plugin starts inside the request, is carried: the thread's
     * call is admitted while {@code relay} drains, so the request completes on the generation it started on, and the
     * unload waits for it.
     */
    @Test
    void aCallbackFromAThreadThePluginStartedWhileDrainingIsCarried() throws Exception {
        try (ServerProcess server = ServerProcess.start(plugins, "")) {
            CompletableFuture<Answer> request = server.getAsync("/relay/?via=thread&work=" + work);
            awaitBegun(List.of("relay began"));
            PluginJars.install(relayJar, plugins, "relay.jar");
            server.awaitLog("relay.jar changed: relay#2 serves /relay/ from now on; unloading relay (1 request(s) in"
                    + " flight)", Duration.ofSeconds(10));
            server.awaitStatus("\"module\": \"relay\", \"role\": \"unloading\", \"state\": \"DRAINING\","
                    + " \"inFlight\": 1,");

            Files.createFile(work.resolve("go"));

            Answer answer = request.get(30, TimeUnit.SECONDS);
            assertEquals(200, answer.status(), answer.toString());
            assertEquals("relay relayed: echo from relay\n", answer.body());
            assertEquals(List.of("relay began"), begun(), "the request ran once, on the generation it started on");
            server.awaitLog("COLLECTED: module 'relay' unloaded: drained 1 call(s)", Duration.ofSeconds(10));
            assertEquals(0, server.retriedOnNewGeneration());
        }
    }

    private void awaitBegun(List<String> lines) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> begun().equals(lines));
    }

    private List<String> begun() throws Exception {
        Path log = work.resolve("log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }
}
