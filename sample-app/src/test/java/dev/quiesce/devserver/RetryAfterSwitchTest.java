package dev.quiesce.devserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The race the retry is for, made to happen every time: a request picks a generation, the route switches, and the
 * generation refuses the call as Quiesce's gate does once draining has started. In process, with no agent: the
 * refusal is the one Quiesce throws, with the agent's frame on top of its stack trace as the gate leaves it. And the
 * refusals that must not be retried: by the serving generation (nothing to retry on), and from inside the body.
 */
class RetryAfterSwitchTest {
    private final Routes routes = new Routes();
    private final PluginRequests requests = new PluginRequests(routes, Duration.ofMillis(200));
    private final AtomicInteger successorCalls = new AtomicInteger();
    private final Generation successor = generation("hello#2", request -> {
        successorCalls.incrementAndGet();
        return "new";
    });
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
        routes.switchTo(generation("hello", new RefusedAtEntry(() -> routes.switchTo(successor))));

        HttpResponse<String> response = get();

        assertEquals(200, response.statusCode());
        assertEquals("new", response.body());
        assertEquals("hello#2", response.headers().firstValue("X-Quiesce-Module").orElseThrow());
        assertEquals(1, requests.retried());
    }

    @Test
    void refusedByTheServingGenerationUntilTheWaitEndsIsUnavailableNotRetried() throws Exception {
        routes.switchTo(generation("hello", new RefusedAtEntry(() -> { })));

        HttpResponse<String> response = get();

        assertEquals(503, response.statusCode());
        assertEquals("/hello/ is being unloaded; retry later\n", response.body());
        assertEquals(0, requests.retried());
    }

    @Test
    void refusedByAGenerationWhoseRouteWasJustRemovedIsUnavailableNotMissing() throws Exception {
        routes.switchTo(generation("hello", new RefusedAtEntry(() -> routes.remove("hello"))));

        HttpResponse<String> response = get();

        assertEquals(503, response.statusCode());
        assertEquals(0, requests.retried());
    }

    @Test
    void refusalOfTheModuleCalledBackFromAnotherThreadIsThePluginsFailure() throws Exception {
        routes.switchTo(generation("hello", request -> {
            routes.switchTo(successor);
            try {
                return CompletableFuture.<String>supplyAsync(() -> {
                    throw refusedAtEntry("hello");
                }).join();
            } catch (CompletionException e) {
                throw (RuntimeException) e.getCause();
            }
        }));

        HttpResponse<String> response = get();

        assertEquals(500, response.statusCode());
        assertTrue(response.body().startsWith("plugin hello failed: dev.quiesce.ModuleUnloadedException: module"
                + " 'hello' is DRAINING"), response.body());
        assertEquals(0, successorCalls.get(), "not retried");
    }

    @Test
    void refusalOfANestedCallIntoAnotherModuleIsThePluginsFailure() throws Exception {
        routes.switchTo(generation("hello", request -> {
            routes.switchTo(successor);
            throw refusedAtEntry("other");
        }));

        HttpResponse<String> response = get();

        assertEquals(500, response.statusCode());
        assertEquals(0, successorCalls.get(), "not retried");
    }

    /** A plugin whose call does {@code during}, then is refused at its entry. */
    private static final class RefusedAtEntry implements Function<Map<String, String>, String> {
        private final Runnable during;

        RefusedAtEntry(Runnable during) {
            this.during = during;
        }

        @Override
        public String apply(Map<String, String> request) {
            during.run();
            throw refusedAtEntry("hello");
        }
    }

    /** The refusal Quiesce's gate throws at the entry of this method's caller: the gate's frame replaces this one. */
    private static ModuleUnloadedException refusedAtEntry(String module) {
        ModuleUnloadedException refusal = new ModuleUnloadedException(module, ModuleState.DRAINING);
        StackTraceElement[] trace = new Throwable().getStackTrace();
        trace[0] = new StackTraceElement("dev.quiesce.agent.runtime.Gates", "enter", "Gates.java", 40);
        refusal.setStackTrace(trace);
        return refusal;
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
