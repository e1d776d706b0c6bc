package dev.quiesce.devserver;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
 * runs; it is then retried on the route's new generation, so a redeploy never shows a client an error. Only a refusal
 * of the server's own call is retried: one from inside the plugin's body (see {@link EntryRefusal}) is the plugin's
 * failure, a 500, so no request runs twice.
 */
final class PluginRequests {
    private static final int MAX_BODY = 1 << 20;
    private static final int MAX_ATTEMPTS = 5;

    private final Routes routes;
    private final LongAdder served = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder failed = new LongAdder();

    PluginRequests(Routes routes) {
        this.routes = routes;
    }

    void handle(HttpExchange exchange, String route, String path) throws IOException {
        byte[] body = readBody(exchange.getRequestBody());
        if (body == null) {
            Responses.send(exchange, 413, Responses.TEXT, "request body over " + MAX_BODY + " bytes\n");
            return;
        }
        Map<String, String> request = request(exchange, path, new String(body, StandardCharsets.UTF_8));
        boolean refused = false;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Generation generation = routes.serving(route);
            if (generation == null && refused) {
                break; // its jar was removed, or the server is stopping
            }
            if (generation == null) {
                Responses.send(exchange, 404, Responses.TEXT, "no plugin serves /" + route + "/: put " + route
                        + ".jar in the plugins directory\n");
                return;
            }
            String answer;
            try {
                answer = generation.call(request);
            } catch (Generation.Refused e) {
                if (routes.isServing(generation)) {
                    break; // not replaced: being unloaded without a successor
                }
                refused = true;
                continue;
            } catch (RuntimeException | LinkageError | AssertionError e) {
                failed.increment();
                String why = "plugin " + generation.module() + " failed: " + e;
                Log.say("request", exchange.getRequestMethod() + " " + exchange.getRequestURI() + ": " + why);
                Responses.send(exchange, 500, Responses.TEXT, why + "\n");
                return;
            }
            served.increment();
            if (refused) {
                retried.increment();
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

    /** Requests whose plugin threw. */
    long failed() {
        return failed.sum();
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
