package dev.quiesce.tomcat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.Outcome;
import dev.quiesce.UnloadReport;
import dev.quiesce.tomcat.support.EmbeddedTomcat;
import dev.quiesce.tomcat.support.LogLines;
import dev.quiesce.tomcat.testapi.Events;
import dev.quiesce.tomcat.testapi.Holds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import org.apache.catalina.Context;
import org.apache.catalina.core.StandardContext;
import org.junit.jupiter.api.Test;

/**
 * A {@code reloadable} context whose webapp jar changes while a request is held inside it, reloaded by Tomcat's
 * own background check (every second here). With the listener ({@code drainTimeout=500ms}, {@code onTimeout=wait})
 * the reload is put off, the log names the held thread, and the old generation keeps answering 200; once the
 * request is let go, it ends 200 and the next check reloads. Plain Tomcat reloads under it after its
 * {@code unloadDelay}: {@code destroy()} runs while the request is inside, and the request then fails. A host's
 * {@code listener.reload()} is put off (false) and reloads (true) the same way.
 */
class ReloadableContextTest {
    private static final String HOLD = "reloadable request";

    @Test
    void withTheListenerTheReloadIsPutOffWhileARequestIsInsideAndHappensOnceItLeft() {
        Events.reset();
        QuiesceContextListener listener = new QuiesceContextListener();
        listener.setDrainTimeout("500ms");
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(); LogLines log = new LogLines();
             Release release = new Release()) {
            Context shop = deployReloadable(tomcat, "/reloadable", c -> c.addLifecycleListener(listener));
            String oldGeneration = tomcat.getNow("/reloadable/gen").body();
            CompletableFuture<HttpResponse<String>> held = holdARequest(tomcat, "/reloadable");

            touchTheWebappJar(shop);
            await().atMost(Duration.ofSeconds(30)).until(() -> log.has(Level.WARNING, "Quiesce: the reload of context"
                    + " '/reloadable' is put off: 1 thread(s) or task group(s) still inside"));
            String putOff = log.lines().stream().filter(l -> l.contains("the reload of context '/reloadable' is put"
                    + " off")).findFirst().orElseThrow();
            assertTrue(putOff.contains("\"http-nio-127.0.0.1") && putOff.contains(") is a request of context"
                    + " '/reloadable'") && putOff.contains("at dev.quiesce"
                    + ".tomcat.webapps.shop.SlowServlet.doGet"), putOff);
            HttpResponse<String> meanwhile = tomcat.getNow("/reloadable/gen");
            assertEquals(200, meanwhile.statusCode(), meanwhile.body());
            assertEquals(oldGeneration, meanwhile.body(), "the old generation goes on serving");
            assertEquals("/reloadable", listener.module().orElseThrow());
            assertFalse(Events.has("slow destroy"), Events.all().toString());

            Holds.release(HOLD);
            HttpResponse<String> answer = held.join();
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("slow done", answer.body());
            await().atMost(Duration.ofSeconds(30)).until(() -> listener.module().orElse("").equals("/reloadable#2"));
            HttpResponse<String> next = tomcat.getNow("/reloadable/gen");
            assertEquals(200, next.statusCode(), next.body());
            assertNotEquals(oldGeneration, next.body(), "the next generation serves");
            assertEquals(List.of("slow start", "slow end", "slow destroy"), Events.all());
            assertFalse(shop.getReloadable(), "the listener keeps Tomcat's own check off");
        }
    }

    @Test
    void plainTomcatReloadsUnderTheRequest() {
        Events.reset();
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(); Release release = new Release()) {
            Context shop = deployReloadable(tomcat, "/plain-reloadable", c -> ((StandardContext) c)
                    .setUnloadDelay(300));
            String oldGeneration = tomcat.getNow("/plain-reloadable/gen").body();
            CompletableFuture<HttpResponse<String>> held = holdARequest(tomcat, "/plain-reloadable");

            touchTheWebappJar(shop);
            await().atMost(Duration.ofSeconds(30)).until(() -> Events.has("slow destroy"));
            assertTrue(Holds.arrived(HOLD), "destroy() ran while the request was inside");
            await().atMost(Duration.ofSeconds(30)).until(() -> !oldGeneration.equals(tomcat
                    .getNow("/plain-reloadable/gen").body()));

            Holds.release(HOLD);
            HttpResponse<String> answer = held.join();
            assertEquals(500, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("this web application instance has been stopped already"),
                    answer.body());
            assertEquals(List.of("slow start", "slow destroy"), Events.all().subList(0, 2));
        }
    }

    @Test
    void reloadFromTheHostIsPutOffWhileARequestIsInsideAndReloadsOnceItLeft() {
        Events.reset();
        QuiesceContextListener listener = new QuiesceContextListener();
        listener.setDrainTimeout("500ms");
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(); LogLines log = new LogLines();
             Release release = new Release()) {
            tomcat.deploy("shop", "/host-reload", null, c -> c.addLifecycleListener(listener));
            tomcat.start();
            String oldGeneration = tomcat.getNow("/host-reload/gen").body();
            CompletableFuture<HttpResponse<String>> held = holdARequest(tomcat, "/host-reload");

            assertFalse(listener.reload(), "put off");
            assertTrue(log.has(Level.WARNING, "Quiesce: the reload of context '/host-reload' is put off: 1 thread(s)"
                    + " or task group(s) still inside"), log.text());
            assertEquals(oldGeneration, tomcat.getNow("/host-reload/gen").body(), "the old generation serves on");

            Holds.release(HOLD);
            assertEquals("slow done", held.join().body());
            assertTrue(listener.reload(), "reloaded");
            assertEquals("/host-reload#2", listener.module().orElseThrow());
            assertNotEquals(oldGeneration, tomcat.getNow("/host-reload/gen").body());
            assertEquals(List.of("slow start", "slow end", "slow destroy"), Events.all());
            await().atMost(Duration.ofSeconds(20)).until(() -> listener.reports().size() == 2);
            assertEquals(List.of(Outcome.COLLECTED, Outcome.TORN_DOWN), listener.reports().stream()
                    .map(UnloadReport::outcome).toList(), listener.reports().toString());
        }
    }

    /** Lets the held request go before Tomcat stops, should the test fail while it is held. */
    private static final class Release implements AutoCloseable {
        @Override
        public void close() {
            Holds.release(HOLD);
        }
    }

    /** Deploys shop at {@code path}, reloadable, under an engine that runs Tomcat's background check every second. */
    private static Context deployReloadable(EmbeddedTomcat tomcat, String path,
                                            java.util.function.Consumer<Context> configure) {
        tomcat.tomcat().getEngine().setBackgroundProcessorDelay(1);
        Context shop = tomcat.deploy("shop", path, null, c -> {
            c.setReloadable(true);
            configure.accept(c);
        });
        tomcat.start();
        return shop;
    }

    private static CompletableFuture<HttpResponse<String>> holdARequest(EmbeddedTomcat tomcat, String path) {
        Holds.arm(HOLD);
        CompletableFuture<HttpResponse<String>> held = tomcat.get(path + "/slow?hold=" + HOLD.replace(' ', '+'));
        await().atMost(Duration.ofSeconds(10)).until(() -> Holds.arrived(HOLD));
        return held;
    }

    /** What a redeploy of the webapp's jar does to it: Tomcat's check sees its modification time change. */
    private static void touchTheWebappJar(Context context) {
        Path jar = Path.of(context.getServletContext().getRealPath("/WEB-INF/lib/shop.jar"));
        try {
            Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
