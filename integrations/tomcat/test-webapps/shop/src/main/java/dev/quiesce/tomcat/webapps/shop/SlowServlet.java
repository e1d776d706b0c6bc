package dev.quiesce.tomcat.webapps.shop;

import dev.quiesce.tomcat.testapi.Events;
import dev.quiesce.tomcat.testapi.Holds;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Takes {@code ms} milliseconds (3000 unless given), or waits at the hold point {@code hold} if given, then uses
 * a class it has not used before ({@link Receipt}),
 * as a request that outlives Tomcat's {@code unloadDelay} would. Answers 200, or 500 naming what failed. Its
 * {@code destroy()} passes the hold point {@code slow destroy}.
 */
@WebServlet("/slow")
public class SlowServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Events.add("slow start");
        try {
            if (request.getParameter("hold") != null) {
                Holds.pass(request.getParameter("hold"));
            } else {
                Thread.sleep(Long.parseLong(request.getParameter("ms") == null ? "3000" : request.getParameter("ms")));
            }
            String receipt = new Receipt().text();
            response.getWriter().write(receipt);
            Events.add("slow end");
        } catch (Throwable t) {
            Events.add("slow failed: " + causes(t));
            response.sendError(500, causes(t));
        }
    }

    @Override
    public void destroy() {
        Events.add("slow destroy");
        Holds.pass("slow destroy");
    }

    private static String causes(Throwable t) {
        StringBuilder text = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            text.append(text.isEmpty() ? "" : " <- ").append(c);
        }
        return text.toString();
    }
}
