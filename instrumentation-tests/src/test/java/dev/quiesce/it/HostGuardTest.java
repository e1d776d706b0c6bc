package dev.quiesce.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.ModuleListener;
import dev.quiesce.ModuleState;
import dev.quiesce.ModuleUnloadedException;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.Teardown;
import dev.quiesce.UnloadRefusedException;
import dev.quiesce.UnloadReport;
import dev.quiesce.it.support.Plugins;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@code Quiesce.guard}: a host makes a loader a module before its classes load, so classes with no annotation and
 * no {@code guard=} match are counted; and the two-step unload, {@code tearDown} (or {@code beginTearDown} and
 * {@code end}) then {@code checkCollected}.
 */
class HostGuardTest {
    private static final String PLAIN = "dev.quiesce.testplugins.bench.PlainIncrement";

    @Test
    void everyClassOfAGuardedLoaderIsCountedAndTheTwoStepUnloadCollectsIt() {
        String id = guardCallAndTearDown();
        UnloadReport report = Quiesce.checkCollected(id);
        assertEquals(Outcome.COLLECTED, report.outcome(), report.summary());
        UnloadRefusedException twice = assertThrows(UnloadRefusedException.class, () -> Quiesce.checkCollected(id));
        assertTrue(twice.getMessage().contains("not waiting for a collection check"), twice.getMessage());
    }

    /** Guards a loader, calls a plain class of it, tears the module down; returns its id, holding nothing of it. */
    private static String guardCallAndTearDown() {
        URLClassLoader loader = Plugins.newLoader("plain-host-lib", true);
        String id = Quiesce.guard(loader, "plain-host-lib");
        assertEquals(id, Plugins.moduleId(loader));
        IntUnaryOperator plain = (IntUnaryOperator) Plugins.newInstance(loader, PLAIN);
        long before = Plugins.info(id).entrances();
        assertEquals(2, plain.applyAsInt(1));
        assertEquals(before + 1, Plugins.info(id).entrances());

        AtomicLong inFlightDuringTeardown = new AtomicLong(-1);
        AtomicLong answerDuringTeardown = new AtomicLong();
        UnloadReport tornDown = Quiesce.tearDown(id, Duration.ofSeconds(5), () -> {
            inFlightDuringTeardown.set(Plugins.info(id).inFlight());
            answerDuringTeardown.set(plain.applyAsInt(41));
        });
        assertEquals(Outcome.TORN_DOWN, tornDown.outcome(), tornDown.summary());
        assertEquals(1, inFlightDuringTeardown.get(), "only the teardown itself is inside");
        assertEquals(42, answerDuringTeardown.get(), "the teardown may call into the module");
        assertEquals(ModuleState.UNLOADED, Plugins.info(id).state());
        ModuleUnloadedException refused = assertThrows(ModuleUnloadedException.class, () -> plain.applyAsInt(1));
        assertEquals(id, refused.module());
        return id;
    }

    @Test
    void aTwoPartTeardownCountsItsThreadInUntilTheEndAndRefusesEveryOtherThread() throws Exception {
        String id = beginCallAndEnd();
        assertEquals(Outcome.COLLECTED, Quiesce.checkCollected(id).outcome());
    }

    /** Guards a loader, begins a teardown, calls in from this thread and another, ends it; returns the id. */
    private static String beginCallAndEnd() throws Exception {
        URLClassLoader loader = Plugins.newLoader("two-part-host-lib", true);
        String id = Quiesce.guard(loader, "two-part-host-lib");
        IntUnaryOperator plain = (IntUnaryOperator) Plugins.newInstance(loader, PLAIN);
        List<String> events = new CopyOnWriteArrayList<>();
        Object worker = Plugins.newInstance(loader, Plugins.WORKER);
        Plugins.call(worker.getClass(), "events", (Consumer<String>) events::add);

        Teardown teardown = Quiesce.beginTearDown(id, Duration.ofSeconds(5));
        assertTrue(teardown.drained());
        assertEquals(ModuleState.TEARING_DOWN, Plugins.info(id).state());
        assertEquals(1, Plugins.info(id).inFlight(), "the beginning thread is counted in until the end");
        assertEquals(42, plain.applyAsInt(41), "the host's teardown code may call into the module");
        Throwable other = CompletableFuture.supplyAsync(() -> {
            try {
                return plain.applyAsInt(1);
            } catch (ModuleUnloadedException e) {
                return e;
            }
        }).get(10, TimeUnit.SECONDS) instanceof ModuleUnloadedException e ? e : null;
        assertTrue(other != null, "another thread is refused while the teardown is open");
        IllegalStateException elsewhere = assertThrows(IllegalStateException.class, () -> {
            try {
                CompletableFuture.runAsync(teardown::end).join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause();
            }
        });
        assertTrue(elsewhere.getMessage().contains("on the thread that began it"), elsewhere.getMessage());
        assertEquals(List.of("onDrain active=0", "onUnload active=0 nested=nested"), events, "hooks before the host");

        UnloadReport report = teardown.end();
        assertEquals(Outcome.TORN_DOWN, report.outcome(), report.summary());
        assertEquals(report, teardown.end(), "a second end returns the same report");
        assertEquals(ModuleState.UNLOADED, Plugins.info(id).state());
        assertEquals(0, Plugins.info(id).inFlight());
        assertThrows(ModuleUnloadedException.class, () -> plain.applyAsInt(1));
        return id;
    }

    @Test
    void aTwoPartTeardownWhoseDrainTimesOutLeavesTheModuleActiveAndEndsTimedOut() throws Exception {
        URLClassLoader loader = Plugins.newLoader("two-part-timeout", true);
        String id = Quiesce.guard(loader, "two-part-timeout");
        Object worker = Plugins.newInstance(loader, Plugins.WORKER);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> held = CompletableFuture.supplyAsync(() -> Plugins.call(worker, "hold", entered,
                release));
        await().atMost(Duration.ofSeconds(10)).until(() -> entered.getCount() == 0);

        Teardown teardown = Quiesce.beginTearDown(id, Duration.ofMillis(100));
        assertFalse(teardown.drained());
        assertEquals(ModuleState.ACTIVE, Plugins.info(id).state());
        UnloadReport report = teardown.end();
        assertEquals(Outcome.TIMED_OUT, report.outcome(), report.summary());
        assertEquals(1, report.blockers().size(), report.blockers().toString());
        release.countDown();
        held.get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.TORN_DOWN, Quiesce.tearDown(id, Duration.ofSeconds(5), () -> { }).outcome(),
                "the module can be torn down once the call left");
    }

    /**
     * A listener that throws an OutOfMemoryError while the module drains: the begin goes on (the error is kept), the
     * end finishes the teardown, logs the report and only then rethrows it, with the module UNLOADED and its
     * collection check still to come; a listener that throws in {@code unloaded} is a problem in the end's report.
     */
    @Test
    void aTwoPartTeardownWhoseListenersThrowEndsConsistentAndRethrowsAFatalErrorAtTheEnd() {
        String id = Quiesce.guard(Plugins.newLoader(null, true), "two-part-failing");
        OutOfMemoryError oom = new OutOfMemoryError("draining ran out");
        ModuleListener listener = new ModuleListener() {
            @Override
            public void draining(String module) {
                if (module.equals(id)) {
                    throw oom;
                }
            }

            @Override
            public void unloaded(String module) {
                if (module.equals(id)) {
                    throw new IllegalStateException("unloaded broke");
                }
            }
        };
        Quiesce.addListener(listener);
        try {
            Teardown teardown = Quiesce.beginTearDown(id, Duration.ofSeconds(5));
            assertTrue(teardown.drained());
            assertEquals(ModuleState.TEARING_DOWN, Plugins.info(id).state());
            OutOfMemoryError thrown = assertThrows(OutOfMemoryError.class, teardown::end);
            assertEquals(oom, thrown);
            String ended = thrown.getSuppressed()[0].getMessage();
            assertTrue(ended.contains("torn down") && ended.contains("unloaded broke"), ended);
        } finally {
            Quiesce.removeListener(listener);
        }
        assertEquals(ModuleState.UNLOADED, Plugins.info(id).state());
        assertEquals(0, Plugins.info(id).inFlight());
        assertEquals(Outcome.COLLECTED, Quiesce.checkCollected(id).outcome());
    }

    @Test
    void hooksOfAGuardedLoaderRunAndTheHostTeardownRunsAfterThem() {
        URLClassLoader loader = Plugins.newLoader("hooked-host-lib", true);
        String id = Quiesce.guard(loader, "hooked-host-lib");
        Object worker = Plugins.newInstance(loader, Plugins.WORKER);
        List<String> events = new CopyOnWriteArrayList<>();
        Plugins.call(worker.getClass(), "events", (Consumer<String>) events::add);

        UnloadReport report = Quiesce.tearDown(id, Duration.ofSeconds(5), () -> events.add("host teardown"));

        assertEquals(Outcome.TORN_DOWN, report.outcome(), report.summary());
        assertEquals(List.of("onDrain active=0", "onUnload active=0 nested=nested", "host teardown"), events);
    }

    @Test
    void aHostTeardownThatThrowsIsAProblemInTheReport() {
        String id = Quiesce.guard(Plugins.newLoader(null, true), "throwing-teardown");
        UnloadReport report = Quiesce.tearDown(id, Duration.ofSeconds(5), () -> {
            throw new IllegalStateException("teardown broke");
        });
        assertEquals(Outcome.TORN_DOWN, report.outcome());
        assertTrue(String.join("\n", report.problems()).contains("teardown broke"), report.problems().toString());
        assertEquals(ModuleState.UNLOADED, Quiesce.module(id).orElseThrow().state());
    }

    @Test
    void anUnguardedLoaderOfTheSameClassIsNoModule() {
        URLClassLoader loader = Plugins.newLoader("plain-unguarded", true);
        Plugins.newInstance(loader, PLAIN);
        assertTrue(Quiesce.moduleOf(loader).isEmpty());
    }

    @Test
    void guardingTheSameNameAgainIsItsNextGeneration() {
        String first = Quiesce.guard(Plugins.newLoader(null, true), "generations");
        String second = Quiesce.guard(Plugins.newLoader(null, true), "generations");
        assertEquals("generations", first);
        assertEquals("generations#2", second);
    }

    @Test
    void badInputIsRefusedWithAReason() {
        assertMessage(IllegalArgumentException.class, "must not be blank",
                () -> Quiesce.guard(Plugins.newLoader(null, true), " "));
        assertMessage(IllegalArgumentException.class, "never unloaded",
                () -> Quiesce.guard(ClassLoader.getSystemClassLoader(), "app"));
        assertMessage(IllegalArgumentException.class, "never unloaded",
                () -> Quiesce.guard(ClassLoader.getPlatformClassLoader(), "platform"));

        URLClassLoader guarded = Plugins.newLoader(null, true);
        Quiesce.guard(guarded, "guarded-once");
        assertMessage(IllegalStateException.class, "guarded before", () -> Quiesce.guard(guarded, "again"));

        URLClassLoader annotated = Plugins.newLoader("annotated-first", true);
        Plugins.newInstance(annotated, Plugins.WORKER);
        assertMessage(IllegalStateException.class, "defined a module class before",
                () -> Quiesce.guard(annotated, "too-late"));

        assertMessage(UnloadRefusedException.class, "not waiting for a collection check",
                () -> Quiesce.checkCollected("never-torn-down"));
    }

    private static void assertMessage(Class<? extends RuntimeException> type, String part, Runnable call) {
        RuntimeException e = assertThrows(type, call::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
