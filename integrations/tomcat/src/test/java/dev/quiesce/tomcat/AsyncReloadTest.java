package dev.quiesce.tomcat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * An async request (startAsync, then the webapp's executor answers 1.5 s later and completes) in flight during a
 * reload completes, and destroy() (which shuts the executor down) runs after it; Tomcat alone waits only
 * {@code unloadDelay} (300 ms here) for it.
 */
class AsyncReloadTest {

    @Test
    void anAsyncRequestInFlightDuringAReloadCompletesBeforeDestroy() {
        Events.reset();
        QuiesceContextListener listener = new QuiesceContextListener();
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat()) {
            Context shop = tomcat.deploy("shop", "/async-shop", null, c -> {
                ((StandardContext) c).setUnloadDelay(300);
                c.addLifecycleListener(listener);
            });
            tomcat.start();
            CompletableFuture<HttpResponse<String>> async = tomcat.get("/async-shop/async?ms=1500");
            await().atMost(Duration.ofSeconds(10)).until(() -> Events.has("async start"));
            shop.reload();
            HttpResponse<String> answer = async.join();
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("async done: slow done", answer.body());
            assertEquals(List.of("async start", "async end", "async destroy"), Events.all());
        }
    }
}
