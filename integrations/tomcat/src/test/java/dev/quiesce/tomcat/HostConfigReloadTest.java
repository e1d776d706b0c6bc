package dev.quiesce.tomcat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.tomcat.support.EmbeddedTomcat;
import dev.quiesce.tomcat.support.LogLines;
import dev.quiesce.tomcat.testapi.Events;
import dev.quiesce.tomcat.testapi.Holds;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import org.apache.catalina.Context;
import org.apache.catalina.startup.HostConfig;
import org.junit.jupiter.api.Test;

/**
 * Tomcat's {@code HostConfig} deploys a directory whose META-INF/context.xml makes it a {@link QuiesceContext}
 * ({@code drainTimeout=500ms}), then reloads it when its watched {@code WEB-INF/web.xml} changes, while a request
 * is held inside (background checks every second). The reload is put off, the old generation serves on, and
 * HostConfig, which has recorded the change as reloaded, will not call again: the context keeps the reload and
 * tries again at its background checks from the next background pass on (not in the pass of HostConfig's check,
 * which would hold requests a second time at once), put off again while the request is inside. Once it has left, the next try
 * reloads and the next generation serves.
 */
class HostConfigReloadTest {
    private static final String HOLD = "host config request";

    @Test
    void aPutOffReloadOfAChangedWebXmlIsKeptAndHappensOnceTheRequestLeft() throws IOException {
        Events.reset();
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(); LogLines log = new LogLines();
             Release release = new Release()) {
            Path docBase = tomcat.layOut("shop", "kept", "<Context className=\"" + QuiesceContext.class.getName()
                    + "\" drainTimeout=\"500ms\"><WatchedResource>WEB-INF/web.xml</WatchedResource>"
                    + "<JarScanner scanClassPath=\"false\"/></Context>");
            Path webXml = docBase.resolve("WEB-INF/web.xml");
            Files.writeString(webXml, "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\""
                    + " metadata-complete=\"false\"/>");
            tomcat.tomcat().getEngine().setBackgroundProcessorDelay(1);
            tomcat.tomcat().getHost().addLifecycleListener(new HostConfig());
            tomcat.start();
            Context kept = assertInstanceOf(QuiesceContext.class, tomcat.tomcat().getHost().findChild("/kept"));
            String oldGeneration = tomcat.getNow("/kept/gen").body();
            Holds.arm(HOLD);
            CompletableFuture<HttpResponse<String>> held = tomcat.get("/kept/slow?hold=" + HOLD.replace(' ', '+'));
            await().atMost(Duration.ofSeconds(10)).until(() -> Holds.arrived(HOLD));

            Files.setLastModifiedTime(webXml, FileTime.from(Instant.now().minusSeconds(60)));
            await().atMost(Duration.ofSeconds(30)).until(() -> log.has(Level.WARNING, "Quiesce: the reload of"
                    + " context '/kept' is put off: 1 thread(s) or task group(s) still inside"));
            String putOff = log.lines().stream().filter(l -> l.contains("the reload of context '/kept' is put off"))
                    .findFirst().orElseThrow();
            assertTrue(putOff.contains("HostConfig's reload is kept: the context tries again at each of its"
                    + " background checks") && putOff.contains("at dev.quiesce.tomcat.webapps.shop.SlowServlet.doGet"),
                    putOff);
            await().atMost(Duration.ofSeconds(30)).until(() -> log.lines().stream().anyMatch(l -> l.startsWith(
                    "WARNING") && l.contains("the reload of context '/kept' is put off: 1 thread(s) or task group(s)"
                    + " still inside")
                    && l.contains("the context tries again at its next background check")));
            Instant putOffByHostConfig = log.times("HostConfig's reload is kept").get(0);
            Instant putOffAgain = log.times("the context tries again at its next background check").get(0);
            assertTrue(Duration.between(putOffByHostConfig, putOffAgain).compareTo(Duration.ofSeconds(1)) >= 0,
                    "the retry waits for the next background pass (every second), not the same pass's check of the"
                    + " context: " + putOffByHostConfig + ", " + putOffAgain);
            HttpResponse<String> meanwhile = tomcat.getNow("/kept/gen");
            assertEquals(200, meanwhile.statusCode(), meanwhile.body());
            assertEquals(oldGeneration, meanwhile.body(), "the old generation goes on serving");
            assertEquals("/kept", listenerOf(kept).module().orElseThrow());
            assertFalse(Events.has("slow destroy"), Events.all().toString());

            Holds.release(HOLD);
            HttpResponse<String> answer = held.join();
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("slow done", answer.body());
            await().atMost(Duration.ofSeconds(30)).until(() -> listenerOf(kept).module().orElse("")
                    .equals("/kept#2"));
            HttpResponse<String> next = tomcat.getNow("/kept/gen");
            assertEquals(200, next.statusCode(), next.body());
            assertNotEquals(oldGeneration, next.body(), "the next generation serves");
            assertEquals(List.of("slow start", "slow end", "slow destroy"), Events.all());
        }
    }

    private static QuiesceContextListener listenerOf(Context context) {
        return Arrays.stream(context.findLifecycleListeners()).filter(QuiesceContextListener.class::isInstance)
                .map(QuiesceContextListener.class::cast).findFirst().orElseThrow();
    }

    /** Lets the held request go before Tomcat stops, should the test fail while it is held. */
    private static final class Release implements AutoCloseable {
        @Override
        public void close() {
            Holds.release(HOLD);
        }
    }
}
