package dev.quiesce.devserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.devserver.support.Cli;
import dev.quiesce.devserver.support.PluginJars;
import dev.quiesce.devserver.support.ServerProcess;
import dev.quiesce.devserver.support.ServerProcess.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator unloads a generation that serves a route, with the real CLI: the server notices, reloads the jar or
 * drops the route, logs it and lists it in {@code /quiesce}. Requests during the operator's drain wait for it to end.
 */
class OperatorUnloadTest {
    @TempDir
    Path plugins;

    @Test
    void servingGenerationUnloadedByAnOperatorIsReloadedFromItsJar() throws Exception {
        PluginJars.install(PluginJars.sample("hello"), plugins, "hello.jar");
        try (ServerProcess server = ServerProcess.start(plugins, "")) {
            assertEquals("hello", server.get("/hello/").module());

            Cli.Result unload = Cli.run("unload", server.pid(), "hello");
            assertEquals(0, unload.exitCode(), unload.toString());
            server.awaitLog("[operator] hello was unloaded by an operator; /hello/ is served by hello#2, reloaded from"
                    + " hello.jar", Duration.ofSeconds(10));

            assertEquals(new Answer(200, "hello#2", "Hello, you!\n"), server.get("/hello/?name=you"));
            String status = server.status();
            assertTrue(status.contains("\"unloads\": [ { \"module\": \"hello\", \"by\": \"operator\", \"outcome\":"
                    + " \"UNLOADED\", \"thread\": "), status);
            assertTrue(status.contains("\"route\": \"/hello/\", \"routeNow\": \"served by hello#2, reloaded from"
                    + " hello.jar\","), status);
            String page = server.get("/quiesce", "text/html").body();
            assertTrue(page.contains("<td>hello</td><td>operator</td><td>UNLOADED</td>"), page);

            PluginJars.install(PluginJars.sample("hello"), plugins, "hello.jar");
            server.awaitLog("COLLECTED: module 'hello#2' unloaded", Duration.ofSeconds(10));
            assertEquals(143, server.terminate());
            assertEquals(2, server.count("[operator]"), "the server's own unloads (a redeploy, the shutdown) are not"
                    + " an operator's:\n" + server.log());
        }
    }

    @Test
    void requestDuringAnOperatorsDrainWaitsAndIsServedByTheReloadedGeneration() throws Exception {
        PluginJars.install(PluginJars.sample("slow"), plugins, "slow.jar");
        try (ServerProcess server = ServerProcess.start(plugins, "")) {
            CompletableFuture<Answer> inFlight = server.getAsync("/slow/?ms=3000");
            server.awaitInFlight("slow");
            CompletableFuture<Cli.Result> unload = Cli.start("unload", server.pid(), "slow");
            server.awaitServing("slow", "DRAINING");

            CompletableFuture<Answer> duringDrain = server.getAsync("/slow/?ms=0");

            assertEquals(new Answer(200, "slow", "slow answered after 3000 ms\n"), inFlight.get(30, TimeUnit.SECONDS));
            assertEquals(new Answer(200, "slow#2", "slow#2 answered after 0 ms\n"),
                    duringDrain.get(30, TimeUnit.SECONDS));
            assertEquals(0, unload.get(60, TimeUnit.SECONDS).exitCode(), unload.get().toString());
            assertTrue(server.status().contains("\"waitedForOperatorUnload\": 1,"), server.status());
            assertTrue(server.log().contains("[operator] slow is being unloaded by an operator (thread \""), server.log());
            assertEquals(1, server.count("[slow] @OnUnload: slow closed its connection with 0 call(s) inside"),
                    server.log());
        }
    }

    @Test
    void operatorsDrainThatTimesOutLeavesTheRouteWithItsGeneration() throws Exception {
        PluginJars.install(PluginJars.sample("slow"), plugins, "slow.jar");
        try (ServerProcess server = ServerProcess.start(plugins, "")) {
            CompletableFuture<Answer> inFlight = server.getAsync("/slow/?ms=4000");
            server.awaitInFlight("slow");
            CompletableFuture<Cli.Result> unload = Cli.start("unload", server.pid(), "slow", "--timeout", "1s");
            server.awaitServing("slow", "DRAINING");

            CompletableFuture<Answer> duringDrain = server.getAsync("/slow/?ms=0");

            assertEquals(6, unload.get(60, TimeUnit.SECONDS).exitCode(), unload.get().toString());
            assertEquals(new Answer(200, "slow", "slow answered after 0 ms\n"), duringDrain.get(30, TimeUnit.SECONDS));
            server.awaitLog("[operator] the operator's unload of slow timed out, so it is ACTIVE again; /slow/ is"
                    + " served by slow", Duration.ofSeconds(10));
            assertEquals(new Answer(200, "slow", "slow answered after 4000 ms\n"), inFlight.get(30, TimeUnit.SECONDS));
            assertEquals(new Answer(200, "slow", "slow answered after 0 ms\n"), server.get("/slow/?ms=0"));
            assertTrue(server.status().contains("{ \"module\": \"slow\", \"by\": \"operator\", \"outcome\":"
                    + " \"TIMED_OUT\","), server.status());
        }
    }

    @Test
    void jarChangedDuringAnOperatorsDrainServesTheWaitingRequestAndTheOldGenerationIsStillUnloaded()
            throws Exception {
        PluginJars.install(PluginJars.sample("slow"), plugins, "slow.jar");
        try (ServerProcess server = ServerProcess.start(plugins, "")) {
            CompletableFuture<Answer> inFlight = server.getAsync("/slow/?ms=5000");
            server.awaitInFlight("slow");
            CompletableFuture<Cli.Result> unload = Cli.start("unload", server.pid(), "slow", "--timeout", "3s");
            server.awaitServing("slow", "DRAINING");
            CompletableFuture<Answer> duringDrain = server.getAsync("/slow/?ms=0");

            PluginJars.install(PluginJars.sample("slow"), plugins, "slow.jar");
            server.awaitLog("slow.jar changed: slow#2 serves /slow/ from now on", Duration.ofSeconds(10));
            assertEquals(new Answer(200, "slow#2", "slow#2 answered after 0 ms\n"),
                    duringDrain.get(30, TimeUnit.SECONDS));
            server.awaitLog("module 'slow' is already DRAINING", Duration.ofSeconds(10));

            assertEquals(6, unload.get(60, TimeUnit.SECONDS).exitCode(), unload.get().toString());
            assertEquals(new Answer(200, "slow", "slow answered after 5000 ms\n"), inFlight.get(30, TimeUnit.SECONDS));
            server.awaitLog("COLLECTED: module 'slow' unloaded", Duration.ofSeconds(20));
            assertEquals(1, server.count("[slow] @OnUnload: slow closed its connection with 0 call(s) inside"),
                    server.log());
        }
    }

    @Test
    void routeWhoseJarNoLongerLoadsIsDroppedWithItsReason() throws Exception {
        PluginJars.install(PluginJars.sample("hello"), plugins, "hello.jar");
        try (ServerProcess server = ServerProcess.start(plugins, "")) {
            PluginJars.install("not a jar".getBytes(StandardCharsets.UTF_8), plugins, "hello.jar");
            server.awaitLog("hello.jar not deployed: it is not a readable jar", Duration.ofSeconds(10));
            assertEquals("hello", server.get("/hello/").module(), "the broken jar changed nothing");

            Cli.Result unload = Cli.run("unload", server.pid(), "hello");
            assertEquals(0, unload.exitCode(), unload.toString());
            server.awaitLog("[operator] hello was unloaded by an operator; /hello/ is no longer served: hello.jar did"
                    + " not load again: it is not a readable jar", Duration.ofSeconds(10));

            Answer dropped = server.get("/hello/");
            assertEquals(404, dropped.status());
            assertEquals("no plugin serves /hello/: an operator unloaded hello, and hello.jar did not load again: it"
                    + " is not a readable jar (zip END header not found); put a good hello.jar in the plugins"
                    + " directory\n", dropped.body());

            PluginJars.install(PluginJars.sample("hello"), plugins, "hello.jar");
            server.awaitLog("hello.jar: hello#2 serves /hello/", Duration.ofSeconds(10));
            assertEquals(new Answer(200, "hello#2", "Hello, world!\n"), server.get("/hello/"));
        }
    }
}
