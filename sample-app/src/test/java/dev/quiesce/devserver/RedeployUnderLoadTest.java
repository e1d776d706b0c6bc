package dev.quiesce.devserver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.devserver.support.LoadGenerator;
import dev.quiesce.devserver.support.PluginJars;
import dev.quiesce.devserver.support.ServerProcess;
import dev.quiesce.devserver.support.ServerProcess.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Redeploys under continuous concurrent load: no client sees an error, and no old generation is left behind. */
class RedeployUnderLoadTest {
    private static final int REDEPLOYS = 20;
    private static final Pattern ANSWER = Pattern.compile("Hello v(\\d+), load!\n");

    @TempDir
    Path work;

    @Test
    void twentyRedeploysUnderLoadFailNoRequest() throws Exception {
        Path plugins = work.resolve("plugins");
        Files.createDirectory(plugins);
        PluginJars.install(PluginJars.helloSaying("Hello v0", work), plugins, "hello.jar");
        try (ServerProcess server = ServerProcess.start(plugins, "")) {
            List<Answer> all;
            List<List<Answer>> perClient;
            try (LoadGenerator load = new LoadGenerator(server, "/hello/?name=load", 4, Duration.ofSeconds(90))) {
                for (int version = 1; version <= REDEPLOYS; version++) {
                    PluginJars.install(PluginJars.helloSaying("Hello v" + version, work), plugins, "hello.jar");
                    server.awaitLog("hello.jar changed: " + moduleOf(version) + " serves /hello/", Duration.ofSeconds(15));
                    String served = "Hello v" + version + ", load!\n";
                    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                            .until(() -> load.all().stream().anyMatch(a -> a.body().equals(served)));
                }
                for (int version = 0; version < REDEPLOYS; version++) {
                    server.awaitLog("module '" + moduleOf(version) + "' unloaded", Duration.ofSeconds(15));
                }
                load.close();
                all = load.all();
                perClient = load.answers();
            }

            List<Answer> failed = all.stream().filter(a -> a.status() != 200 || !ANSWER.matcher(a.body()).matches())
                    .toList();
            assertEquals(List.of(), failed.stream().limit(10).toList(), failed.size() + " of " + all.size()
                    + " requests failed\n" + server.log());
            assertTrue(all.size() >= 200, "the load was too light to mean anything: " + all.size() + " requests");
            for (Answer a : all) {
                assertEquals(moduleOf(version(a)), a.module(), "an answer's greeting and generation disagree: " + a);
            }
            for (List<Answer> client : perClient) {
                for (int i = 1; i < client.size(); i++) {
                    assertTrue(version(client.get(i)) >= version(client.get(i - 1)), "a client was served by an"
                            + " older generation after a newer one: " + client.get(i - 1) + " then " + client.get(i));
                }
            }
            assertEquals(REDEPLOYS, server.count("COLLECTED: module 'hello"), server.log());
            assertEquals(0, server.count("RETAINED") + server.count("TIMED_OUT") + server.count("not deployed"),
                    server.log());
            System.out.println(all.size() + " requests over " + REDEPLOYS + " redeploys, 0 failed; "
                    + server.retriedOnNewGeneration() + " refused by a replaced generation and served by its"
                    + " successor");
        }
    }

    /** The module id of the hello generation that says {@code Hello v<version>}: the first is 'hello'. */
    private static String moduleOf(int version) {
        return version == 0 ? "hello" : "hello#" + (version + 1);
    }

    private static int version(Answer answer) {
        Matcher m = ANSWER.matcher(answer.body());
        assertTrue(m.matches(), answer.toString());
        return Integer.parseInt(m.group(1));
    }
}
