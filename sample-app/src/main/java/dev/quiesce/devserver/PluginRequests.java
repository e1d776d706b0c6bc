package dev.quiesce.devserver;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Serves {@code /<route>/...} with the route's generation. The plugin gets an immutable
 * {@code Map<String, String>}: {@code method}, {@code path} (after {@code /<route>}, at least {@code /}),
 * {@code query} (raw, or empty), {@code body} (UTF-8, at most 1 MiB) and {@code param.<name>} for each query
 * parameter (decoded; the first value wins). Its {@code String} result is the 200 response, as UTF-8 text; the
 * header {@code X-Quiesce-Module} names the generation that answered.
 *
 * <p>A request that reaches a generation just after its route switched is refused by Quiesce before the plugin
 * runs; it is then retried on the route's new generation, so a redeploy never shows a client an error. One refused
 * by the generation still routed (an operator is unloading it with the CLI or over JMX) waits, at most the drain
 * timeout, for the route to change or the drain to time out, then is retried. Only a refusal of the server's own
 * call is retried: one from inside the plugin's body (see {@link EntryRefusal}) is the plugin's failure, a 500, so
 * no request runs twice.
 */
final class PluginRequests {
    private static final int MAX_BODY = 1 << 20;

    private final Routes routes;
    private final Duration maxWait;
    private final LongAdder served = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder waited = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /** {@code maxWait}: how long a request refused by its route's serving generation waits for a change. */
    PluginRequests(Routes routes, Duration maxWait) {
        this.routes = routes;
        this.maxWait = maxWait;
    }

    void handle(HttpExchange exchange, String route, String path) throws IOException {
        byte[] body = readBody(exchange.getRequestBody());
        if (body == null) {
            Responses.send(exchange, 413, Responses.TEXT, "request body over " + MAX_BODY + " bytes\n");
            return;
        }
        Map<String, String> request = request(exchange, path, new String(body, StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + maxWait.toNanos();
        Generation refusedBy = null;
        boolean waitedHere = false;
        while (refusedBy == null || System.nanoTime() - deadline < 0) {
            long version = routes.version();
            Generation generation = routes.serving(route);
            if (generation == null && refusedBy != null) {
                break; // its jar was removed, or the server is stopping
            }
            if (generation == null) {
                Responses.send(exchange, 404, Responses.TEXT, routes.notServed(route) + "\n");
                return;
            }
            String answer;
            try {
                answer = generation.call(request);
            } catch (Generation.Refused e) {
                refusedBy = generation;
                if (routes.isServing(generation)) {
                    waitedHere = true; // an operator is unloading the serving generation
                    if (!awaitChange(version, deadline)) {
                        break;
                    }
                }
                continue;
            } catch (RuntimeException | LinkageError | AssertionError e) {
                failed.increment();
                String why = "plugin " + generation.module() + " failed: " + e;
                Log.say("request", exchange.getRequestMethod() + " " + exchange.getRequestURI() + ": " + why);
                Responses.send(exchange, 500, Responses.TEXT, why + "\n");
                return;
            }
            served.increment();
            if (refusedBy != null && refusedBy != generation) {
                retried.increment();
            }
            if (waitedHere) {
                waited.increment();
            }
            exchange.getResponseHeaders().set("X-Quiesce-Module", generation.module());
            Responses.send(exchange, 200, Responses.TEXT, answer == null ? "" : answer);
            return;
        }
        Responses.send(exchange, 503, Responses.TEXT, "/" + route + "/ is being unloaded; retry later\n");
    }

    long served() {
        return served.sum();
    }

    /** Requests refused by a generation that had just been replaced, then served by its successor. */
    long retried() {
        return retried.sum();
    }

    /** Requests refused while an operator unloaded their route's generation, served once that unload ended. */
    long waited() {
        return waited.sum();
    }

    /** Requests whose plugin threw. */
    long failed() {
        return failed.sum();
    }

    private boolean awaitChange(long version, long deadline) {
        try {
            return routes.awaitChange(version, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Map<String, String> request(HttpExchange exchange, String path, String body) {
        Map<String, String> request = new HashMap<>();
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                request.putIfAbsent("param." + decode(name), decode(value));
            }
        }
        request.put("method", exchange.getRequestMethod());
        request.put("path", path);
        request.put("query", query == null ? "" : query);
        request.put("body", body);
        return Map.copyOf(request);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /** The body, or null if it is over the limit. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }
}
