package dev.quiesce.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.ModuleState;
import dev.quiesce.ModuleUnloadedException;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import dev.quiesce.it.support.Plugins;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * A server that runs each request on a virtual thread of its own: such calls count on the gate's stripes, with no
 * cell. A request held inside the module while it starts to drain finishes normally, its nested calls (direct, or
 * handed to an executor) admitted, the drain waits for it, and the teardown hook, which checks that none of the
 * module's code runs, comes after it; a new request on a new virtual thread is refused meanwhile.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadTest {
    static final String REQUESTS = "dev.quiesce.testplugins.virtual.Requests";
    private static final MethodHandle START_VIRTUAL_THREAD = startVirtualThread();

    @Test
    void aHeldRequestsNestedCallsAreAdmittedWhileTheModuleDrains() throws Throwable {
        assertHeldRequestFinishes("nested reply", (requests, entered, release) ->
                () -> Plugins.call(requests, "handle", entered, release));
    }

    @Test
    void aTaskAHeldRequestHandsToAnExecutorWhileTheModuleDrainsIsCarried() throws Throwable {
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            pool.submit(() -> { }).get(10, TimeUnit.SECONDS); // its thread is the host's, started outside the module
            assertHeldRequestFinishes("nested", (requests, entered, release) ->
                    () -> Plugins.call(requests, "fanOut", entered, release, pool));
        } finally {
            pool.shutdownNow();
        }
    }

    /** A request on a virtual thread, made from the module's class and the latches its body holds on. */
    interface Request {
        Callable<Object> of(Class<?> requests, CountDownLatch entered, CountDownLatch release);
    }

    private static void assertHeldRequestFinishes(String expected, Request request) throws Throwable {
        AtomicInteger violations = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Unload unload = heldWhileUnloading(request, violations, release);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !unload.report.isDone());
        release.countDown();
        assertEquals(expected, unload.held.get(10, TimeUnit.SECONDS), "the held request failed");
        UnloadReport report = unload.report.get(30, TimeUnit.SECONDS);
        assertTrue(report.inFlightAtStart() >= 1, report.toString());
        assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
        assertEquals(0, violations.get(), "module code ran during or after its teardown");
    }

    /** The held request and the unload it holds back. */
    private record Unload(CompletableFuture<Object> held, CompletableFuture<UnloadReport> report) {
    }

    /**
     * Loads the module, makes one request, holds a second one inside, starts the unload and checks that a new
     * request is refused while it drains. Keeps nothing of the module (its frame is gone when this returns).
     */
    private static Unload heldWhileUnloading(Request request, AtomicInteger violations, CountDownLatch release)
            throws Throwable {
        URLClassLoader loader = Plugins.newLoader("virtual-requests", false);
        Class<?> requests = loader.loadClass(REQUESTS);
        Plugins.call(requests, "host", violations);
        String id = Plugins.moduleId(loader);
        assertEquals("nested reply", onVirtualThread(() -> Plugins.call(requests, "handle", null, null))
                .get(10, TimeUnit.SECONDS), "a request before the unload");
        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<Object> held = onVirtualThread(request.of(requests, entered, release));
        assertTrue(entered.await(10, TimeUnit.SECONDS), "the request did not start");
        CompletableFuture<UnloadReport> report = CompletableFuture.supplyAsync(() -> Quiesce.unload(id,
                Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(10)).until(() -> Plugins.info(id).state() == ModuleState.DRAINING);
        Throwable refused = onVirtualThread(() -> Plugins.call(requests, "nested"))
                .handle((result, failure) -> failure).get(10, TimeUnit.SECONDS);
        assertInstanceOf(ModuleUnloadedException.class, refused, "a new request while the module drains");
        return new Unload(held, report);
    }

    /** Runs {@code call} on a new virtual thread. */
    private static CompletableFuture<Object> onVirtualThread(Callable<Object> call) throws Throwable {
        CompletableFuture<Object> result = new CompletableFuture<>();
        Runnable body = () -> {
            try {
                result.complete(call.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        };
        Thread started = (Thread) START_VIRTUAL_THREAD.invokeExact(body);
        return result;
    }

    private static MethodHandle startVirtualThread() {
        try {
            return MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                    MethodType.methodType(Thread.class, Runnable.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
