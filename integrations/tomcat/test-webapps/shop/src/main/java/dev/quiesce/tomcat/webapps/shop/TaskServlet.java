package dev.quiesce.tomcat.webapps.shop;

import dev.quiesce.tomcat.testapi.Events;
import dev.quiesce.tomcat.testapi.Holds;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Hands a task to the servlet's own executor and answers at once; the task first passes the hold point
 * {@code task} (in the test's code, not the webapp's), then uses a class it has not used before ({@link Receipt}).
 * A failure is recorded as {@code task failed: ...} ({@link Holds#first}). {@code destroy()} shuts the executor
 * down.
 */
@WebServlet("/task")
public class TaskServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private transient ExecutorService executor;

    @Override
    public void init() {
        executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "shop-task");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Events.add("task submitted");
        executor.submit(Holds.first("task", TaskServlet::finish));
        response.getWriter().write("submitted");
    }

    private static void finish() {
        Events.add("task end: " + new Receipt().text());
    }

    @Override
    public void destroy() {
        executor.shutdown();
        Events.add("task destroy");
    }
}
