package dev.quiesce.devserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.devserver.support.LoadGenerator;
import dev.quiesce.devserver.support.PluginJars;
import dev.quiesce.devserver.support.ServerProcess;
import dev.quiesce.devserver.support.ServerProcess.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jars that cannot load change nothing for clients: the serving generation keeps serving, and the log says why. */
class BadJarTest {
    @TempDir
    Path work;

    @Test
    void corruptAndBrokenJarsChangeNothingForClients() throws Exception {
        Path plugins = Files.createDirectory(work.resolve("plugins"));
        PluginJars.install(PluginJars.sample("hello"), plugins, "hello.jar");
        Path wrongEntry = PluginJars.helloSaying("Hello", work);
        PluginJars.edit(wrongEntry, Map.of(GenerationLoader.SERVICE, "dev.quiesce.plugins.hello.Missing"));
        Path throwing = PluginJars.compiled("boom.Boom", """
                package boom;
                @dev.quiesce.Unloadable("boom")
                public class Boom implements java.util.function.Function<java.util.Map<String, String>, String> {
                    static { if (true) throw new IllegalStateException("boom: no config"); }
                    public String apply(java.util.Map<String, String> request) { return "boom"; }
                }
                """, work);
        Path unannotated = PluginJars.compiled("plain.Plain", """
                package plain;
                public class Plain implements java.util.function.Function<java.util.Map<String, String>, String> {
                    public String apply(java.util.Map<String, String> request) { return "plain"; }
                }
                """, work);

        try (ServerProcess server = ServerProcess.start(plugins, "")) {
            List<Answer> answers;
            try (LoadGenerator load = new LoadGenerator(server, "/hello/", 2, Duration.ofSeconds(60))) {
                PluginJars.install("not a jar".getBytes(StandardCharsets.UTF_8), plugins, "hello.jar");
                server.awaitLog("hello.jar not deployed: it is not a readable jar", Duration.ofSeconds(10));
                PluginJars.install(wrongEntry, plugins, "hello.jar");
                server.awaitLog("Provider dev.quiesce.plugins.hello.Missing not found;"
                        + " hello keeps serving /hello/", Duration.ofSeconds(10));
                PluginJars.install(throwing, plugins, "hello.jar");
                server.awaitLog("Provider boom.Boom could not be instantiated; caused by"
                        + " java.lang.ExceptionInInitializerError; caused by java.lang.IllegalStateException: boom: no"
                        + " config; hello keeps serving /hello/", Duration.ofSeconds(10));
                PluginJars.install(unannotated, plugins, "hello.jar");
                server.awaitLog("hello.jar not deployed: its entry class plain.Plain was not instrumented: annotate it"
                        + " with @dev.quiesce.Unloadable(\"hello\")", Duration.ofSeconds(10));
                PluginJars.install(new byte[0], plugins, "other.jar");
                server.awaitLog("other.jar not deployed: it is not a readable jar", Duration.ofSeconds(10));
                load.close();
                answers = load.all();
            }
            assertEquals(List.of(new Answer(200, "hello", "Hello, world!\n")), answers.stream().distinct().toList(),
                    "every request was served by the first generation, unchanged");
            assertTrue(answers.size() >= 50, "too few requests to mean anything: " + answers.size());
            assertEquals(404, server.get("/other/").status());
            String status = server.get("/quiesce").body();
            assertTrue(status.contains("\"jar\": \"hello.jar\",\n      \"at\"") && status.contains("not instrumented"),
                    status);

            PluginJars.install(PluginJars.sample("hello"), plugins, "hello.jar");
            server.awaitLog("hello.jar changed: hello#2 serves /hello/ from now on; unloading hello",
                    Duration.ofSeconds(10));
            assertEquals("hello#2", server.get("/hello/").module(), "a good jar deploys again after bad ones");
        }
    }
}
