package dev.quiesce.tomcat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.tomcat.support.EmbeddedTomcat;
import dev.quiesce.tomcat.support.LogLines;
import dev.quiesce.tomcat.testapi.Events;
import dev.quiesce.tomcat.testapi.Holds;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import org.apache.catalina.Context;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.core.StandardHost;
import org.junit.jupiter.api.Test;

/**
 * A reload Tomcat starts itself, {@code context.reload()} from another thread as the manager app's
 * {@code ManagerServlet.reload} calls it, while a request is held inside the webapp ({@code drainTimeout=500ms}).
 * On a {@link QuiesceContext} with {@code onTimeout=wait} it is put off: {@link ReloadPutOffException} names the
 * request's thread, the log has its stack, the old generation serves the held request and new ones, and once the
 * request has left the next reload serves the next generation ({@code /put-off#2}). On a plain
 * {@code StandardContext} with the listener the same reload waits inside Tomcat's stop and holds new requests until
 * the request has left, then the next generation answers them. With {@code onTimeout=proceed} a QuiesceContext
 * reloads as Tomcat does.
 */
class QuiesceContextTest {
    private static final String HOLD = "request inside";

    @Test
    void aReloadTomcatStartsIsPutOffWhileARequestIsInsideAndTheCallerIsToldWhy() {
        Events.reset();
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(); LogLines log = new LogLines();
             Release release = new Release()) {
            Context shop = deployQuiesceContext(tomcat, "/put-off", "wait");
            String oldGeneration = tomcat.getNow("/put-off/gen").body();
            CompletableFuture<HttpResponse<String>> held = holdARequest(tomcat, "/put-off");

            CompletableFuture<Void> reload = reloadOnAnotherThread(shop);
            CompletableFuture<HttpResponse<String>> duringTheReload = tomcat.get("/put-off/gen");
            CompletionException failed = assertThrows(CompletionException.class, reload::join);
            ReloadPutOffException putOff = assertInstanceOf(ReloadPutOffException.class, failed.getCause());
            System.out.println("The manager app would answer: FAIL - Encountered exception [" + putOff + "]");
            assertTrue(putOff.getMessage().startsWith("the reload of context '/put-off' is put off: 1 thread(s) or task"
                    + " group(s) still inside after"), putOff.getMessage());
            assertTrue(putOff.getMessage().matches("(?s).*Threads inside \\(their stacks are in Tomcat's log\\):"
                    + " \"http-nio-127\\.0\\.0\\.1[^\"]*\" \\(id \\d+, [A-Z_]+\\) is a request of context '/put-off'"),
                    putOff.getMessage());
            String logged = log.lines().stream().filter(l -> l.startsWith("WARNING") && l.contains("Quiesce: the"
                    + " reload of context '/put-off' is put off: 1 thread(s) or task group(s) still inside"))
                    .findFirst().orElseThrow();
            assertTrue(logged.contains("the caller is told")
                    && logged.contains(") is a request of context '/put-off'\n\tat ")
                    && logged.contains("\"http-nio-127.0.0.1")
                    && logged.contains("at dev.quiesce.tomcat.webapps.shop.SlowServlet.doGet"), logged);

            assertEquals(oldGeneration, duringTheReload.join().body(), "the old generation serves the held request");
            HttpResponse<String> meanwhile = tomcat.getNow("/put-off/gen");
            assertEquals(200, meanwhile.statusCode(), meanwhile.body());
            assertEquals(oldGeneration, meanwhile.body(), "the old generation goes on serving");
            assertEquals("/put-off", listenerOf(shop).module().orElseThrow(), "the generation did not change");
            assertFalse(held.isDone(), "the request is still inside");
            assertFalse(Events.has("slow destroy"), Events.all().toString());

            Holds.release(HOLD);
            HttpResponse<String> answer = held.join();
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("slow done", answer.body());
            reloadOnAnotherThread(shop).join();
            assertEquals("/put-off#2", listenerOf(shop).module().orElseThrow());
            HttpResponse<String> next = tomcat.getNow("/put-off/gen");
            assertEquals(200, next.statusCode(), next.body());
            assertNotEquals(oldGeneration, next.body(), "the next generation serves");
            assertEquals(List.of("slow start", "slow end", "slow destroy"), Events.all());
        }
    }

    @Test
    void onAStandardContextWithTheListenerTheSameReloadWaitsInsideTheStopHoldingRequests() {
        Events.reset();
        QuiesceContextListener listener = new QuiesceContextListener();
        listener.setDrainTimeout("500ms");
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(); LogLines log = new LogLines();
             Release release = new Release()) {
            Context shop = tomcat.deploy("shop", "/waits-in-stop", null, c -> c.addLifecycleListener(listener));
            tomcat.start();
            assertFalse(shop instanceof QuiesceContext);
            String oldGeneration = tomcat.getNow("/waits-in-stop/gen").body();
            CompletableFuture<HttpResponse<String>> held = holdARequest(tomcat, "/waits-in-stop");

            CompletableFuture<Void> reload = reloadOnAnotherThread(shop);
            String waits = "Quiesce: the stop of context '/waits-in-stop' waits: 1 thread(s) or task group(s) still"
                    + " inside";
            await().atMost(Duration.ofSeconds(10)).until(() -> count(log, waits) >= 1);
            CompletableFuture<HttpResponse<String>> duringTheReload = tomcat.get("/waits-in-stop/gen");
            long waitedBefore = count(log, waits);
            await().atMost(Duration.ofSeconds(10)).until(() -> count(log, waits) > waitedBefore);
            assertFalse(reload.isDone(), "the reload waits inside Tomcat's stop");
            assertFalse(duringTheReload.isDone(), "the new request is held");

            Holds.release(HOLD);
            assertEquals("slow done", held.join().body());
            reload.join();
            HttpResponse<String> heldAnswer = duringTheReload.join();
            assertEquals(200, heldAnswer.statusCode(), heldAnswer.body());
            assertNotEquals(oldGeneration, heldAnswer.body(), "the held request is served by the next generation");
            assertEquals("/waits-in-stop#2", listener.module().orElseThrow());
            assertEquals(List.of("slow start", "slow end", "slow destroy"), Events.all());
        }
    }

    @Test
    void withOnTimeoutProceedAQuiesceContextReloadsAsTomcatDoes() {
        Events.reset();
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(); LogLines log = new LogLines();
             Release release = new Release()) {
            Context shop = deployQuiesceContext(tomcat, "/proceed-context", "proceed");
            ((StandardContext) shop).setUnloadDelay(300);
            String oldGeneration = tomcat.getNow("/proceed-context/gen").body();
            CompletableFuture<HttpResponse<String>> held = holdARequest(tomcat, "/proceed-context");

            reloadOnAnotherThread(shop).join();
            assertTrue(Events.has("slow destroy"), "destroy() ran under the request");
            assertEquals("/proceed-context#2", listenerOf(shop).module().orElseThrow());
            assertNotEquals(oldGeneration, tomcat.getNow("/proceed-context/gen").body());
            assertTrue(log.has(Level.WARNING, "Quiesce: context '/proceed-context' is torn down under 1 thread(s)"
                    + " or task group(s) still inside after"), log.text());

            Holds.release(HOLD);
            assertEquals(500, held.join().statusCode(), "Tomcat's behaviour: the request fails under the teardown");
        }
    }

    @Test
    void aListenerConfiguredInContextXmlIsTheOneItUses() {
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(); LogLines log = new LogLines()) {
            ((StandardHost) tomcat.tomcat().getHost()).setContextClass(QuiesceContext.class.getName());
            Context context = tomcat.deploy("shop", "/own-listener", "<Context><Listener className=\""
                    + QuiesceContextListener.class.getName() + "\" drainTimeout=\"2s\"/></Context>", c -> { });
            tomcat.start();
            assertEquals(1, Arrays.stream(context.findLifecycleListeners())
                    .filter(QuiesceContextListener.class::isInstance).count());
            assertEquals("2s", listenerOf(context).getDrainTimeout());
            assertEquals(1, log.lines().stream().filter(l -> l.contains("Quiesce guards context '/own-listener'"))
                    .count(), log.text());
            context.reload();
            assertEquals("/own-listener#2", listenerOf(context).module().orElseThrow());
        }
    }

    /** Deploys shop at {@code path} as a QuiesceContext (the host's context class), its attributes from context.xml. */
    private static Context deployQuiesceContext(EmbeddedTomcat tomcat, String path, String onTimeout) {
        ((StandardHost) tomcat.tomcat().getHost()).setContextClass(QuiesceContext.class.getName());
        Context context = tomcat.deploy("shop", path, "<Context drainTimeout=\"500ms\" onTimeout=\"" + onTimeout
                + "\"/>", c -> { });
        tomcat.start();
        assertInstanceOf(QuiesceContext.class, context);
        return context;
    }

    private static QuiesceContextListener listenerOf(Context context) {
        return Arrays.stream(context.findLifecycleListeners()).filter(QuiesceContextListener.class::isInstance)
                .map(QuiesceContextListener.class::cast).findFirst().orElseThrow();
    }

    /** {@code context.reload()} on a thread of its own, as the manager app calls it from its request's thread. */
    private static CompletableFuture<Void> reloadOnAnotherThread(Context context) {
        return CompletableFuture.runAsync(context::reload, task -> new Thread(task, "manager-reload").start());
    }

    private static CompletableFuture<HttpResponse<String>> holdARequest(EmbeddedTomcat tomcat, String path) {
        Holds.arm(HOLD);
        CompletableFuture<HttpResponse<String>> held = tomcat.get(path + "/slow?hold=" + HOLD.replace(' ', '+'));
        await().atMost(Duration.ofSeconds(10)).until(() -> Holds.arrived(HOLD));
        return held;
    }

    private static long count(LogLines log, String part) {
        return log.lines().stream().filter(l -> l.startsWith("WARNING") && l.contains(part)).count();
    }

    /** Lets the held request go before Tomcat stops, should the test fail while it is held. */
    private static final class Release implements AutoCloseable {
        @Override
        public void close() {
            Holds.release(HOLD);
        }
    }
}
