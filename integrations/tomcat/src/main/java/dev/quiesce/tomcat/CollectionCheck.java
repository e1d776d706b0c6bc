package dev.quiesce.tomcat;

import dev.quiesce.UnloadReport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * The collection check of a stopped generation, on a daemon thread of its own: off Tomcat's stopping thread, whose
 * frames may still hold the old loader, and after Tomcat dropped it. The thread inherits no thread locals and has
 * the integration's own loader as its context class loader, so it holds nothing of the webapp.
 */
final class CollectionCheck {
    private static final Log LOG = LogFactory.getLog(QuiesceContextListener.class);

    private CollectionCheck() {
    }

    static void start(String module, Supplier<UnloadReport> check, Consumer<UnloadReport> done) {
        Runnable task = () -> {
            try {
                done.accept(check.get());
            } catch (RuntimeException e) {
                LOG.error("Quiesce: the collection check of module '" + module + "' failed: " + e.getMessage(), e);
            }
        };
        Thread thread = new Thread(null, task, "quiesce-check " + module, 0, false);
        thread.setDaemon(true);
        thread.setContextClassLoader(CollectionCheck.class.getClassLoader());
        thread.start();
    }
}
