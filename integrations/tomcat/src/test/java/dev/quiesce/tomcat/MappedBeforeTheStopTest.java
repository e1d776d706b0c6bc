package dev.quiesce.tomcat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.quiesce.tomcat.support.EmbeddedTomcat;
import dev.quiesce.tomcat.support.MappedHold;
import dev.quiesce.tomcat.testapi.Holds;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.apache.catalina.Context;
import org.junit.jupiter.api.Test;

/**
 * A request Tomcat mapped to the webapp before a reload began, which reaches the webapp only while the old
 * generation is being torn down (held after the mapping, released while {@code destroy()} runs): the listener's
 * valve holds it and maps it again, so the next generation answers it 200. Admitted instead, it reaches the old
 * generation during its teardown, and Tomcat answers 503 (seen with {@code ContextRequests.enter} admitting without
 * reading its flags).
 */
class MappedBeforeTheStopTest {

    @Test
    void aRequestMappedBeforeTheReloadIsServedByTheNextGeneration() {
        QuiesceContextListener listener = new QuiesceContextListener();
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat()) {
            Context shop = tomcat.deploy("shop", "/mapped", null, c -> c.addLifecycleListener(listener));
            tomcat.tomcat().getEngine().getPipeline().addValve(new MappedHold());
            tomcat.start();
            String before = tomcat.getNow("/mapped/gen").body();
            assertEquals(200, tomcat.getNow("/mapped/slow?ms=0").statusCode(), "SlowServlet is loaded, so destroyed");

            Holds.arm("mapped");
            Holds.arm("slow destroy");
            CompletableFuture<HttpResponse<String>> mapped = tomcat.get("/mapped/gen?hold");
            await().atMost(Duration.ofSeconds(10)).until(() -> Holds.arrived("mapped"));
            CompletableFuture<Void> reload = CompletableFuture.runAsync(shop::reload);
            await().atMost(Duration.ofSeconds(10)).until(() -> Holds.arrived("slow destroy"));
            Holds.release("mapped");
            await().atMost(Duration.ofSeconds(10)).until(() -> mapped.isDone() || heldByTheValve());
            Holds.release("slow destroy");
            reload.join();

            HttpResponse<String> answer = mapped.join();
            assertEquals(200, answer.statusCode(), answer.body());
            assertNotEquals(before, answer.body(), "answered by the next generation");
            assertEquals(answer.body(), tomcat.getNow("/mapped/gen").body());
        }
    }

    /** Whether a thread waits in the listener's valve (it is held), while the old generation is torn down. */
    private static boolean heldByTheValve() {
        return Thread.getAllStackTraces().values().stream().flatMap(Arrays::stream).anyMatch(frame ->
                frame.getClassName().equals("dev.quiesce.tomcat.HoldingValve") && frame.getMethodName().equals("hold"));
    }
}
