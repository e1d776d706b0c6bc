package dev.quiesce.tomcat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.tomcat.support.EmbeddedTomcat;
import dev.quiesce.tomcat.support.LogLines;
import dev.quiesce.tomcat.testapi.Events;
import dev.quiesce.tomcat.testapi.Holds;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.catalina.Context;
import org.apache.catalina.core.StandardContext;
import org.junit.jupiter.api.Test;

/**
 * A request hands a task to the webapp's own executor and ends; the task is held before it runs any of the
 * webapp's code, and the context is reloaded. With the listener the agent carries the task, so the reload's drain
 * waits for it ({@code drainTimeout=500ms}, {@code onTimeout=wait}: the log names the task's thread), and
 * {@code destroy()} runs only after the task ended with its normal result. Plain Tomcat destroys the servlet at once
 * (no request is inside), and the task, let go after that, fails on the stopped loader (Tomcat logs its "Illegal
 * access").
 */
class ExecutorTaskTest {
    private static final String HOLD = "task";

    @Test
    void withTheListenerTheReloadWaitsForTheTaskBeforeDestroy() {
        Events.reset();
        QuiesceContextListener listener = new QuiesceContextListener();
        listener.setDrainTimeout("500ms");
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(); LogLines log = new LogLines()) {
            Context shop = tomcat.deploy("shop", "/tasks", null, c -> c.addLifecycleListener(listener));
            tomcat.start();
            try {
                submitAHeldTask(tomcat, "/tasks");
                CompletableFuture<Void> reload = CompletableFuture.runAsync(shop::reload);
                await().atMost(Duration.ofSeconds(10)).until(() -> log.lines().stream().anyMatch(l -> l.contains(
                        "Quiesce: the stop of context '/tasks' waits: 1 thread(s) or task group(s) still inside")
                        && l.contains("\"shop-task\"") && l.contains("is inside module '/tasks'")));
                assertFalse(Events.has("task destroy"), Events.all().toString());

                Holds.release(HOLD);
                reload.join();
            } finally {
                Holds.release(HOLD);
            }
            assertEquals(List.of("task submitted", "task end: slow done", "task destroy"), Events.all());
            assertEquals("/tasks#2", listener.module().orElseThrow());
        }
    }

    @Test
    void plainTomcatRunsTheTaskAfterDestroy() {
        Events.reset();
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat()) {
            Context shop = tomcat.deploy("shop", "/plain-tasks", null, c -> ((StandardContext) c)
                    .setUnloadDelay(300));
            tomcat.start();
            try {
                submitAHeldTask(tomcat, "/plain-tasks");
                shop.reload();
                assertTrue(Events.has("task destroy"), "no request is inside: Tomcat destroys at once");
                Holds.release(HOLD);
                await().atMost(Duration.ofSeconds(10)).until(() -> Events.all().size() == 3);
            } finally {
                Holds.release(HOLD);
            }
            List<String> events = Events.all();
            assertEquals(List.of("task submitted", "task destroy"), events.subList(0, 2));
            assertEquals("task failed: java.lang.NoClassDefFoundError: dev/quiesce/tomcat/webapps/shop/Receipt",
                    events.get(2), "the stopped loader loads no class");
        }
    }

    private static void submitAHeldTask(EmbeddedTomcat tomcat, String path) {
        Holds.arm(HOLD);
        assertEquals("submitted", tomcat.getNow(path + "/task").body());
        await().atMost(Duration.ofSeconds(10)).until(() -> Holds.arrived(HOLD));
    }
}
