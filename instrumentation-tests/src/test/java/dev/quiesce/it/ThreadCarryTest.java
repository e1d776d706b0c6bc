package dev.quiesce.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.Blocker;
import dev.quiesce.ModuleState;
import dev.quiesce.ModuleUnloadedException;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import dev.quiesce.it.support.HeldPath;
import dev.quiesce.it.support.Plugins;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * A thread that module code starts from inside a call is carried: counted in flight from its start until it has
 * ended. Started by a held call after the drain began, its calls into the module complete normally (the first, and
 * one after a wait outside the module), the drain waits for it to end, and the teardown hook, which checks that none
 * of the module's code runs, comes after. A thread the host starts is refused while the module drains.
 */
class ThreadCarryTest {
    static final String STARTS_THREADS = "dev.quiesce.testplugins.threads.StartsThreads";

    @Test
    void threadStart() throws Exception {
        assertCarried("start");
    }

    @Test
    void anAnonymousSubclassOfThread() throws Exception {
        assertCarried("subclass");
    }

    /** A {@code start()} of a class that is no thread (private, of a nestmate) is linked to that method, as it was. */
    @Test
    void aStartOfAnotherClassIsCalledAsItWas() throws Exception {
        URLClassLoader loader = Plugins.newLoader("threads-not-a-thread", false);
        assertEquals("engine started", Plugins.call(loader.loadClass(STARTS_THREADS), "start", "notAThread", null,
                null, null));
    }

    @Test
    void aMethodReferenceToThreadStart() throws Exception {
        assertCarried("startReference");
    }

    /** Bound and unbound, to the module's {@code Worker extends Thread}, which overrides {@code start}. */
    @Test
    void aMethodReferenceToASubclasssStart() throws Exception {
        assertCarried("subclassReference");
        assertCarried("unboundSubclassReference");
    }

    /** A reference to a {@code start()} of a class that is no thread is made of that method, as it was. */
    @Test
    void aMethodReferenceToAStartOfAnotherClassIsAsItWas() throws Exception {
        URLClassLoader loader = Plugins.newLoader("threads-not-a-thread-reference", false);
        assertEquals("engine started", Plugins.call(loader.loadClass(STARTS_THREADS), "start", "notAThreadReference",
                null, null, null));
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void threadBuilderStart() throws Exception {
        assertCarried("ofVirtual");
        assertCarried("ofPlatform");
        assertCarried("builder");
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void threadBuilderUnstartedThenStart() throws Exception {
        assertCarried("unstarted");
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void startVirtualThread() throws Exception {
        assertCarried("startVirtualThread");
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void aMethodReferenceToThreadBuilderStart() throws Exception {
        assertCarried("builderReference");
    }

    /** Started while the module was active, the thread is still carried when the drain begins: the drain waits. */
    @Test
    void aThreadStartedBeforeTheDrainIsWaitedFor() throws Exception {
        List<String> sequence = new CopyOnWriteArrayList<>();
        AtomicInteger violations = new AtomicInteger();
        CarriedBody body = new CarriedBody(sequence);
        String id = start("start", null, body, sequence, violations);
        body.awaitFirstCall();
        CompletableFuture<UnloadReport> unload = unloadAsync(id, Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).until(() -> Plugins.info(id).state() == ModuleState.DRAINING);
        assertHeldBy(unload, id, sequence);
        body.proceed();
        UnloadReport report = unload.get(30, TimeUnit.SECONDS);
        assertEquals(List.of("first", "second", "thread ends", "onUnload inside=0"), sequence);
        assertEquals(0, violations.get());
        assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
    }

    /** A carried thread that does not end holds the drain to its timeout; the report names it; nothing is torn down. */
    @Test
    void aCarriedThreadThatDoesNotEndTimesTheDrainOutAndIsNamed() throws Exception {
        List<String> sequence = new CopyOnWriteArrayList<>();
        AtomicInteger violations = new AtomicInteger();
        CarriedBody body = new CarriedBody(sequence);
        String id = start("start", null, body, sequence, violations);
        body.awaitFirstCall();
        UnloadReport timedOut = Quiesce.unload(id, Duration.ofMillis(300));
        assertEquals(Outcome.TIMED_OUT, timedOut.outcome(), timedOut.toString());
        assertEquals(1, timedOut.blockers().size(), timedOut.toString());
        Blocker started = timedOut.blockers().get(0);
        assertEquals("started-inside", started.thread(), timedOut.toString());
        assertEquals("was started from inside module '" + id + "' and has not ended: the drain waits for it. Stop it"
                + " in an @OnDrain hook", started.inside());
        assertTrue(started.text().startsWith("\"started-inside\" (id " + started.threadId() + ", "), started.text());
        assertTrue(started.text().contains("@OnDrain hook\n\tat "), started.text());
        assertEquals(ModuleState.ACTIVE, Plugins.info(id).state());
        body.proceed();
        UnloadReport report = Quiesce.unload(id, Duration.ofSeconds(30));
        assertEquals(List.of("first", "second", "thread ends", "onUnload inside=0"), sequence);
        assertEquals(0, violations.get());
        assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
    }

    /** A start that throws (the thread was started already) lets its carry go: the drain ends once the thread did. */
    @Test
    void aStartThatThrowsDoesNotHoldTheDrain() throws Exception {
        List<String> sequence = new CopyOnWriteArrayList<>();
        AtomicInteger violations = new AtomicInteger();
        CompletableFuture<UnloadReport> unload;
        try (HeldPath held = new HeldPath()) {
            String id = start("startTwice", held, null, sequence, violations);
            unload = unloadAsync(id, Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(10)).until(() -> Plugins.info(id).state() == ModuleState.DRAINING);
            held.release();
            assertEquals("second start refused", held.result());
        }
        UnloadReport report = unload.get(30, TimeUnit.SECONDS);
        assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
        assertEquals(List.of("thread ends", "onUnload inside=0"), sequence);
        assertEquals(0, violations.get());
    }

    /** A thread the host starts, while a held call keeps the module draining, is a new visit: refused. */
    @Test
    void aThreadStartedByAThreadNotInsideIsRefused() throws Exception {
        List<String> sequence = new CopyOnWriteArrayList<>();
        AtomicInteger violations = new AtomicInteger();
        CompletableFuture<UnloadReport> unload;
        try (HeldPath held = new HeldPath()) {
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Class<?>> thrown = new CompletableFuture<>();
            String id = start("none", held, null, sequence, violations, hostThread(sequence, go, thrown));
            unload = unloadAsync(id, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).until(() -> Plugins.info(id).state() == ModuleState.DRAINING);
            go.countDown();
            assertEquals(ModuleUnloadedException.class, thrown.get(10, TimeUnit.SECONDS));
            held.release();
            assertEquals("none", held.result());
        }
        UnloadReport report = unload.get(30, TimeUnit.SECONDS);
        assertEquals(List.of("onUnload inside=0"), sequence);
        assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
    }

    /**
     * A thread of the host's, started while the module is active, that waits outside the module until {@code go}
     * opens and then calls into it; what that call threw, by type, completes {@code thrown} (null if it returned).
     */
    private static Consumer<Class<?>> hostThread(List<String> sequence, CountDownLatch go,
                                                 CompletableFuture<Class<?>> thrown) {
        return module -> new Thread(() -> {
            try {
                go.await();
                Plugins.call(module, "work", "host's thread", (Consumer<String>) sequence::add);
                thrown.complete(null);
            } catch (Throwable t) {
                thrown.complete(t.getClass());
            }
        }, "host-started").start();
    }

    /** A held call that starts {@code kind}'s thread after the drain began; the drain must wait for the thread. */
    private static void assertCarried(String kind) throws Exception {
        List<String> sequence = new CopyOnWriteArrayList<>();
        AtomicInteger violations = new AtomicInteger();
        CarriedBody body = new CarriedBody(sequence);
        CompletableFuture<UnloadReport> unload;
        try (HeldPath held = new HeldPath()) {
            String id = start(kind, held, body, sequence, violations);
            unload = unloadAsync(id, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).until(() -> Plugins.info(id).state() == ModuleState.DRAINING);
            held.release();
            assertEquals("started", held.result(), kind + ": the call that started the thread while draining");
            body.awaitFirstCall();
            assertHeldBy(unload, id, sequence);
        } finally {
            body.proceed();
        }
        UnloadReport report = unload.get(30, TimeUnit.SECONDS);
        assertEquals(List.of("first", "second", "thread ends", "onUnload inside=0"), sequence,
                kind + ": both of the thread's calls ran, and the teardown came after the thread");
        assertEquals(0, violations.get(), kind + ": module code ran during or after the teardown");
        assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
    }

    /**
     * A new module whose call starts a thread {@code kind}'s way, running {@code body} (or, if null, a body that
     * only says it ends): held first if {@code held} is given, else at once. Returns the module's id; nothing of the
     * module stays referenced from the test's frames.
     */
    private static String start(String kind, HeldPath held, CarriedBody body, List<String> sequence,
                                AtomicInteger violations) throws Exception {
        return start(kind, held, body, sequence, violations, module -> { });
    }

    /** As above, and {@code withModule} is given the module's class first. */
    private static String start(String kind, HeldPath held, CarriedBody body, List<String> sequence,
                                AtomicInteger violations, Consumer<Class<?>> withModule) throws Exception {
        URLClassLoader loader = Plugins.newLoader("threads-" + kind, false);
        Class<?> module = loader.loadClass(STARTS_THREADS);
        Plugins.call(module, "host", (Consumer<String>) sequence::add, violations);
        withModule.accept(module);
        Runnable runnable = body == null ? () -> sequence.add("thread ends") : body.runnable(module);
        if (held == null) {
            assertEquals("started", Plugins.call(module, "start", kind, null, null, runnable));
        } else {
            held.start(() -> Plugins.call(module, "start", kind, held.entered, held.release, runnable),
                    "threads-" + kind);
        }
        return Plugins.moduleId(loader);
    }

    /** Between its two calls, outside the module, the carried thread holds the drain. */
    private static void assertHeldBy(CompletableFuture<UnloadReport> unload, String id, List<String> sequence) {
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !unload.isDone());
        assertTrue(Plugins.info(id).inFlight() > 0, "the drain counts the thread");
        assertEquals(List.of("first"), sequence, "no teardown while the thread runs");
    }

    /**
     * What the started thread runs (host code): a call into the module, a wait outside it until {@link #proceed},
     * a second call, then a last line. A call that fails is a line of its own.
     */
    private static final class CarriedBody {
        final List<String> sequence;
        final CountDownLatch firstCall = new CountDownLatch(1);
        final CountDownLatch proceed = new CountDownLatch(1);

        CarriedBody(List<String> sequence) {
            this.sequence = sequence;
        }

        Runnable runnable(Class<?> module) {
            Consumer<String> results = sequence::add;
            return () -> {
                try {
                    Plugins.call(module, "work", "first", results);
                    firstCall.countDown();
                    proceed.await();
                    Plugins.call(module, "work", "second", results);
                } catch (Throwable t) {
                    sequence.add("failed: " + t);
                    firstCall.countDown();
                }
                sequence.add("thread ends");
            };
        }

        void awaitFirstCall() throws InterruptedException {
            assertTrue(firstCall.await(10, TimeUnit.SECONDS), "the thread made its first call");
            assertEquals(List.of("first"), sequence, "the thread's first call completed normally");
        }

        void proceed() {
            proceed.countDown();
        }
    }

    /** Unloads on a thread of its own. */
    private static CompletableFuture<UnloadReport> unloadAsync(String id, Duration timeout) {
        return CompletableFuture.supplyAsync(() -> Quiesce.unload(id, timeout), task -> new Thread(task, "unloader")
                .start());
    }
}
