package dev.quiesce.tomcat;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.catalina.Context;
import org.apache.catalina.Host;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.tomcat.util.buf.MessageBytes;

/**
 * A valve on the host's pipeline, before the host's own valve (which runs the webapp's request listeners): counts
 * each request into its context's {@link ContextRequests}, and holds a request that reaches a context being stopped
 * or reloaded until that is over, then maps it again, as Tomcat's connector does for a request that arrives while a
 * context is paused. So a reload serves it from the next generation, and after a stop or undeploy Tomcat answers it
 * as it answers any request for a context that is gone. One valve per host, shared by its contexts' listeners.
 *
 * <p>A request mapped to a watched context but to none of its servlets is mapped again before it goes on:
 * Tomcat's connector maps a request, then checks whether the context is paused, so a request mapped while a reload
 * had unregistered the servlets and checked once it had finished goes on with no servlet, and Tomcat answers 404
 * ({@code ReloadUnderLoadTest} sees a few per 20 reloads without this). The mapping again can itself be that late,
 * so it is repeated, {@link #MAPPINGS_FOR_NO_SERVLET} times at most (one was not always enough on JDK 25): a request
 * that matches no servlet anyway pays that many more mappings, each a lookup in Tomcat's mapper.
 */
final class HoldingValve extends ValveBase {
    /** How often a request mapped to none of a watched context's servlets is mapped again before it goes on. */
    private static final int MAPPINGS_FOR_NO_SERVLET = 3;

    private final Map<Context, ContextRequests> contexts = new ConcurrentHashMap<>();

    private HoldingValve() {
        super(true);
    }

    /** The host's valve, added on the first call. */
    static synchronized HoldingValve of(Host host) {
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof HoldingValve holding) {
                return holding;
            }
        }
        HoldingValve valve = new HoldingValve();
        host.getPipeline().addValve(valve);
        return valve;
    }

    void watch(Context context, ContextRequests requests) {
        contexts.put(context, requests);
    }

    void forget(Context context) {
        contexts.remove(context);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        boolean continuation = request.isAsyncDispatching() || request.isAsync();
        int mappedAgain = 0;
        while (true) {
            Context context = request.getContext();
            ContextRequests requests = context == null ? null : contexts.get(context);
            if (requests == null || context.getState() == LifecycleState.FAILED) {
                getNext().invoke(request, response);
                return;
            }
            if (requests.enter(context::getPaused, continuation)) {
                if (request.getWrapper() == null && !continuation && mappedAgain < MAPPINGS_FOR_NO_SERVLET) {
                    requests.exit(true);
                    mappedAgain++;
                    mapAgain(request);
                    continue;
                }
                try {
                    getNext().invoke(request, response);
                } finally {
                    requests.exit(true);
                }
                return;
            }
            hold(context, requests);
            mapAgain(request);
        }
    }

    /**
     * Waits while the context is stopping, or paused for a reload; the caller's next count-in decides. A stop that
     * failed inside Tomcat leaves the context {@code FAILED} without the {@code after_stop} that reopens it: held
     * requests then go on to Tomcat uncounted ({@link #invoke}), which answers them as for a failed context.
     */
    private static void hold(Context context, ContextRequests requests) throws ServletException {
        try {
            while (requests.closed() && context.getState() != LifecycleState.FAILED || context.getPaused()) {
                requests.awaitSlice();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServletException("interrupted while held for the stop or reload of " + context.getName(), e);
        }
    }

    /** Maps the request again, as {@code CoyoteAdapter.postParseRequest} does after a paused context. */
    private static void mapAgain(Request request) throws IOException {
        org.apache.coyote.Request coyote = request.getCoyoteRequest();
        MessageBytes serverName = request.getConnector().getUseIPVHosts() ? coyote.localName() : coyote.serverName();
        request.getMappingData().recycle();
        request.getConnector().getService().getMapper().map(serverName, coyote.decodedURI(), null,
                request.getMappingData());
    }
}
