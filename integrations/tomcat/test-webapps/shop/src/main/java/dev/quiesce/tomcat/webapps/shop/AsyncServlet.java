package dev.quiesce.tomcat.webapps.shop;

import dev.quiesce.tomcat.testapi.Events;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts async, returns, and answers from the webapp's own executor {@code ms} milliseconds later (1500 unless
 * given), then completes. {@code destroy()} shuts the executor down.
 */
@WebServlet(value = "/async", asyncSupported = true)
public class AsyncServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private transient ExecutorService executor;

    @Override
    public void init() {
        executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "shop-async");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        long ms = Long.parseLong(request.getParameter("ms") == null ? "1500" : request.getParameter("ms"));
        AsyncContext async = request.startAsync();
        async.setTimeout(30_000);
        Events.add("async start");
        executor.submit(() -> answer(async, ms));
    }

    private static void answer(AsyncContext async, long ms) {
        try {
            Thread.sleep(ms);
            async.getResponse().getWriter().write("async done: " + new Receipt().text());
            Events.add("async end");
        } catch (InterruptedException | IOException | RuntimeException | LinkageError e) {
            Events.add("async failed: " + e);
        } finally {
            async.complete();
        }
    }

    @Override
    public void destroy() {
        executor.shutdown();
        Events.add("async destroy");
    }
}
