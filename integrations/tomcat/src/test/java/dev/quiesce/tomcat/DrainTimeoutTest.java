package dev.quiesce.tomcat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.Outcome;
import dev.quiesce.tomcat.support.EmbeddedTomcat;
import dev.quiesce.tomcat.support.LogLines;
import dev.quiesce.tomcat.testapi.Events;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import org.apache.catalina.Context;
import org.apache.catalina.core.StandardContext;
import org.junit.jupiter.api.Test;

/**
 * A 2.5 s request inside the webapp when its reload's drain times out after 500 ms: {@code onTimeout=wait} logs
 * the request's thread and stack and keeps waiting, so the request ends 200 before destroy(); {@code proceed} logs
 * it and lets Tomcat tear down under it, as Tomcat does (after its {@code unloadDelay}, 300 ms here), and the old
 * generation is unloaded once the request has left.
 */
class DrainTimeoutTest {

    @Test
    void onTimeoutWaitNamesTheRequestAndWaitsForIt() {
        Events.reset();
        QuiesceContextListener listener = listener("wait");
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(); LogLines log = new LogLines()) {
            Context shop = tomcat.deploy("shop", "/waiting", null, c -> c.addLifecycleListener(listener));
            tomcat.start();
            HttpResponse<String> answer = slowRequestDuringReload(tomcat, shop);
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(List.of("slow start", "slow end", "slow destroy"), Events.all());
            assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("WARNING") && l.contains("Quiesce: the stop of"
                    + " context '/waiting' waits: 1 thread(s) or task group(s) still inside after")
                    && l.contains("(onTimeout=wait)")
                    && l.contains("at dev.quiesce.tomcat.webapps.shop.SlowServlet.doGet")), log.text());
        }
    }

    @Test
    void onTimeoutProceedNamesTheRequestTornDownUnderAndUnloadsOnceItLeft() {
        Events.reset();
        QuiesceContextListener listener = listener("proceed");
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(); LogLines log = new LogLines()) {
            Context shop = tomcat.deploy("shop", "/proceeding", null, c -> {
                ((StandardContext) c).setUnloadDelay(300);
                c.addLifecycleListener(listener);
            });
            tomcat.start();
            HttpResponse<String> answer = slowRequestDuringReload(tomcat, shop);
            assertEquals(500, answer.statusCode(), "Tomcat's behaviour: the request fails under the teardown");
            assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("WARNING") && l.contains("Quiesce: context"
                    + " '/proceeding' is torn down under 1 thread(s) or task group(s) still inside after")
                    && l.contains("onTimeout=proceed") && l.contains("at dev.quiesce.tomcat.webapps.shop.SlowServlet.doGet")), log.text());
            await().atMost(Duration.ofSeconds(20)).until(() -> listener.reports().stream()
                    .anyMatch(r -> r.module().equals("/proceeding") && r.outcome() == Outcome.COLLECTED));
        }
    }

    private static QuiesceContextListener listener(String onTimeout) {
        QuiesceContextListener listener = new QuiesceContextListener();
        listener.setDrainTimeout("500ms");
        listener.setOnTimeout(onTimeout);
        return listener;
    }

    private static HttpResponse<String> slowRequestDuringReload(EmbeddedTomcat tomcat, Context context) {
        CompletableFuture<HttpResponse<String>> slow = tomcat.get(context.getPath() + "/slow?ms=2500");
        await().atMost(Duration.ofSeconds(10)).until(() -> Events.has("slow start"));
        context.reload();
        return slow.join();
    }
}
