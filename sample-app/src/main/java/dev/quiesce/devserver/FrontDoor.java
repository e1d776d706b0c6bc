package dev.quiesce.devserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Every request comes in here: {@code /quiesce} is the status page, {@code /} lists the routes, {@code /<route>/...}
 * goes to the route's plugin. Counts the exchanges in progress, so shutdown can wait for their responses; once
 * stopping, new plugin requests get 503.
 */
final class FrontDoor implements HttpHandler {
    private final Routes routes;
    private final PluginRequests plugins;
    private final Status status;
    private final AtomicInteger inProgress = new AtomicInteger();
    private volatile boolean stopping;

    FrontDoor(Routes routes, PluginRequests plugins, Status status) {
        this.routes = routes;
        this.plugins = plugins;
        this.status = status;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        inProgress.incrementAndGet();
        try {
            String path = exchange.getRequestURI().getPath();
            if (path == null || !path.startsWith("/")) {
                Responses.send(exchange, 400, Responses.TEXT, "the request path must start with /\n");
                return;
            }
            int slash = path.indexOf('/', 1);
            String route = slash < 0 ? path.substring(1) : path.substring(1, slash);
            if (route.equals(Redeployer.STATUS_ROUTE)) {
                statusPage(exchange);
            } else if (stopping) {
                Responses.send(exchange, 503, Responses.TEXT, "the server is shutting down\n");
            } else if (route.isEmpty()) {
                Responses.send(exchange, 200, Responses.TEXT, index());
            } else {
                plugins.handle(exchange, route, slash < 0 ? "/" : path.substring(slash));
            }
        } finally {
            exchange.close();
            inProgress.decrementAndGet();
        }
    }

    /** From now on, plugin requests get 503. */
    void stopping() {
        stopping = true;
    }

    int inProgress() {
        return inProgress.get();
    }

    private void statusPage(HttpExchange exchange) throws IOException {
        String query = String.valueOf(exchange.getRequestURI().getQuery());
        String accept = String.valueOf(exchange.getRequestHeaders().getFirst("Accept"));
        boolean html = query.contains("format=html") || !query.contains("format=json") && accept.contains("text/html");
        if (html) {
            Responses.send(exchange, 200, "text/html; charset=utf-8", StatusHtml.render(status.snapshot()));
        } else {
            Responses.send(exchange, 200, "application/json", Json.write(status.snapshot()));
        }
    }

    private String index() {
        String served = routes.held().stream().filter(routes::isServing)
                .map(g -> "  /" + g.route() + "/  " + g.module() + " from " + g.jar())
                .collect(Collectors.joining("\n"));
        return "Quiesce dev server\n\nplugins:\n" + (served.isEmpty() ? "  none yet: put a plugin jar in the plugins"
                + " directory" : served) + "\n\nstatus: /quiesce\n";
    }
}
