package dev.quiesce.devserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.quiesce.ModuleState;
import dev.quiesce.ModuleUnloadedException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The race the retry is for, made to happen every time: a request picks a generation, the route switches, and the
 * generation refuses the call as Quiesce does once draining has started. In process, with no agent: the refusal is
 * the one Quiesce throws.
 */
class RetryAfterSwitchTest {
    private final Routes routes = new Routes();
    private final PluginRequests requests = new PluginRequests(routes);
    private HttpServer http;

    @BeforeEach
    void serve() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        http.createContext("/", exchange -> {
            try {
                requests.handle(exchange, "hello", "/");
            } finally {
                exchange.close();
            }
        });
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    @Test
    void refusedByAReplacedGenerationIsServedByItsSuccessor() throws Exception {
        Generation next = generation("hello#2", request -> "new");
        routes.switchTo(generation("hello", request -> {
            routes.switchTo(next);
            throw new ModuleUnloadedException("hello", ModuleState.DRAINING);
        }));

        HttpResponse<String> response = get();

        assertEquals(200, response.statusCode());
        assertEquals("new", response.body());
        assertEquals("hello#2", response.headers().firstValue("X-Quiesce-Module").orElseThrow());
        assertEquals(1, requests.retried());
    }

    @Test
    void refusedByTheServingGenerationIsUnavailableNotRetried() throws Exception {
        routes.switchTo(generation("hello", request -> {
            throw new ModuleUnloadedException("hello", ModuleState.DRAINING);
        }));

        HttpResponse<String> response = get();

        assertEquals(503, response.statusCode());
        assertEquals("/hello/ is being unloaded; retry later\n", response.body());
        assertEquals(0, requests.retried());
    }

    @Test
    void refusedByAGenerationWhoseRouteWasJustRemovedIsUnavailableNotMissing() throws Exception {
        routes.switchTo(generation("hello", request -> {
            routes.remove("hello");
            throw new ModuleUnloadedException("hello", ModuleState.DRAINING);
        }));

        HttpResponse<String> response = get();

        assertEquals(503, response.statusCode());
        assertEquals(0, requests.retried());
    }

    private HttpResponse<String> get() throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/hello/");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Generation generation(String module, Function<Map<String, String>, String> plugin) {
        return new Generation("hello", "hello.jar", module, null, plugin, Path.of("unused.jar"));
    }
}
