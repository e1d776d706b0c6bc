package dev.quiesce.tomcat.webapps.leaky;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Leaves a value of the webapp's own class in a ThreadLocal of the Tomcat worker thread that served it. */
@WebServlet("/leak")
public class LeakyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final ThreadLocal<Basket> BASKET = new ThreadLocal<>();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        BASKET.set(new Basket());
        response.getWriter().write("leaked on " + Thread.currentThread().getName());
    }

    /** The value left behind. */
    static final class Basket {
    }
}
