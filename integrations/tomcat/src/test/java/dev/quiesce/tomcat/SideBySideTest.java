package dev.quiesce.tomcat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.Outcome;
import dev.quiesce.UnloadReport;
import dev.quiesce.tomcat.support.EmbeddedTomcat;
import dev.quiesce.tomcat.testapi.Events;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.catalina.Context;
import org.apache.catalina.core.StandardContext;
import org.junit.jupiter.api.Test;

/**
 * The same reload of /shop while a 3 s request is inside it (longer than the context's 1 s {@code unloadDelay}),
 * a request that then loads a class it has not used yet: once on plain Tomcat and once with the listener. The
 * README's comparison is this test's output.
 */
class SideBySideTest {
    private static final long UNLOAD_DELAY_MILLIS = 1000;

    private record Seen(int status, String body, List<String> events, List<UnloadReport> reports) {
    }

    @Test
    void plainTomcatDestroysTheServletUnderTheRequestWhereTheListenerWaitsForIt() {
        Seen plain = run(false);
        Seen quiesce = run(true);

        System.out.printf("%n| a reload with a 3 s request inside (unloadDelay 1 s) | plain Tomcat | with"
                        + " QuiesceContextListener |%n|---|---|---|%n| the request's answer | %d %s | %d %s |%n"
                        + "| order of events | %s | %s |%n%n", plain.status(), cause(plain.body()),
                quiesce.status(), quiesce.body(), plain.events(), quiesce.events());

        assertEquals(500, plain.status(), plain.body());
        assertTrue(plain.body().contains("this web application instance has been stopped already"), plain.body());
        assertEquals(List.of("slow start", "slow destroy"), plain.events().subList(0, 2),
                "Tomcat destroys the servlet after unloadDelay, under the request");

        assertEquals(200, quiesce.status(), quiesce.body());
        assertEquals("slow done", quiesce.body());
        assertEquals(List.of("slow start", "slow end", "slow destroy"), quiesce.events());
        assertEquals(List.of(Outcome.COLLECTED, Outcome.TORN_DOWN),
                quiesce.reports().stream().map(UnloadReport::outcome).toList(), quiesce.reports().toString());
        assertEquals("/shop", quiesce.reports().get(1).module());
    }

    private static Seen run(boolean withListener) {
        Events.reset();
        QuiesceContextListener listener = new QuiesceContextListener();
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat()) {
            Context shop = tomcat.deploy("shop", "/shop", null, context -> {
                ((StandardContext) context).setUnloadDelay(UNLOAD_DELAY_MILLIS);
                if (withListener) {
                    context.addLifecycleListener(listener);
                }
            });
            tomcat.start();
            CompletableFuture<HttpResponse<String>> slow = tomcat.get("/shop/slow?ms=3000");
            await().atMost(Duration.ofSeconds(10)).until(() -> Events.has("slow start"));
            shop.reload();
            HttpResponse<String> answer = slow.join();
            assertEquals(200, tomcat.getNow("/shop/gen").statusCode(), "the next generation serves");
            if (withListener) {
                await().atMost(Duration.ofSeconds(20)).until(() -> listener.reports().size() == 2);
            }
            List<String> events = Events.all();
            return new Seen(answer.statusCode(), answer.body(), events, listener.reports());
        }
    }

    /** Tomcat's exception report names the cause; its first sentence. */
    private static String cause(String body) {
        int start = body.indexOf("Illegal access");
        return start < 0 ? body : body.substring(start, body.indexOf('.', start) + 1);
    }
}
