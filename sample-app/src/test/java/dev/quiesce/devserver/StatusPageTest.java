package dev.quiesce.devserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.devserver.support.PluginJars;
import dev.quiesce.devserver.support.ServerProcess;
import dev.quiesce.devserver.support.ServerProcess.Answer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /quiesce} as JSON and as a page, the index, and unknown routes. */
class StatusPageTest {
    @TempDir
    Path plugins;

    @Test
    void statusShowsGenerationsAndUnloadReportsAsJsonAndHtml() throws Exception {
        PluginJars.install(PluginJars.sample("hello"), plugins, "hello.jar");
        try (ServerProcess server = ServerProcess.start(plugins, "")) {
            assertEquals(new Answer(200, "hello", "Hello, you!\n"),
                    server.get("/hello/?name=you"));
            PluginJars.install(PluginJars.sample("hello"), plugins, "hello.jar");
            server.awaitLog("COLLECTED: module 'hello' unloaded", Duration.ofSeconds(10));

            String json = server.get("/quiesce").body().replaceAll("\\s+", " ");
            assertTrue(json.contains("\"generations\": [ { \"route\": \"/hello/\", \"jar\": \"hello.jar\","
                    + " \"module\": \"hello#2\", \"role\": \"serving\", \"state\": \"ACTIVE\", \"inFlight\": 0,"), json);
            assertTrue(json.contains("\"unloads\": [ { \"module\": \"hello\", \"by\": \"server\", \"outcome\": \"COLLECTED\","
                    + " \"inFlightAtStart\": 0,"), json);
            assertTrue(json.contains("\"served\": 1,"), json);

            Answer page = server.get("/quiesce", "text/html,application/xhtml+xml");
            assertTrue(page.body().startsWith("<!doctype html>"), page.body());
            assertTrue(page.body().contains("<td>hello#2</td><td>serving</td><td>ACTIVE</td>"), page.body());

            assertTrue(server.get("/").body().contains("/hello/  hello#2 from hello.jar"));
            assertEquals(new Answer(404, "", "no plugin serves /nope/: put nope.jar in the plugins directory\n"),
                    server.get("/nope/x"));
        }
    }
}
