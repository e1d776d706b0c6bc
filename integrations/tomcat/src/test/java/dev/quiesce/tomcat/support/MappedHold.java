package dev.quiesce.tomcat.support;

import dev.quiesce.tomcat.testapi.Holds;
import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * A valve on the engine's pipeline, so after Tomcat's connector mapped the request and before the host's valves:
 * a request whose query string is {@code hold} passes the hold point {@code mapped} there.
 */
public final class MappedHold extends ValveBase {
    public MappedHold() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if ("hold".equals(request.getQueryString())) {
            Holds.pass("mapped");
        }
        getNext().invoke(request, response);
    }
}
