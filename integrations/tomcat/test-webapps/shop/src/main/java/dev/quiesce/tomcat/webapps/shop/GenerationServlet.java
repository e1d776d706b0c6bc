package dev.quiesce.tomcat.webapps.shop;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers {@code servlet=<loader> stamp=<loader>}: the identity of its own class loader and of {@link Stamp}'s,
 * resolved while the request runs. An answer from one whole generation has the two equal.
 */
@WebServlet("/gen")
public class GenerationServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String servlet = Integer.toHexString(System.identityHashCode(GenerationServlet.class.getClassLoader()));
        response.getWriter().write("servlet=" + servlet + " stamp=" + Stamp.loader());
    }
}
