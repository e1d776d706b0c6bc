package dev.quiesce.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.ModuleListener;
import dev.quiesce.ModuleState;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import dev.quiesce.it.support.Plugins;
import java.lang.management.ManagementFactory;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

/**
 * {@code Quiesce.onTearDown}: the host's teardown of a module, run by the unloads that bring none of their own (the
 * MXBean's, {@code Quiesce.unload}) after the drain and the hooks, counted in, and dropped once the module is
 * unloaded. Each registered teardown here holds an object of the module's, so a COLLECTED report also proves that
 * the agent let go of it.
 */
class HostTeardownTest {
    private static final String PLAIN = "dev.quiesce.testplugins.bench.PlainIncrement";
    /**
     * A thread per task: a held call blocks its thread, and on 2 cores the common pool has one worker, so a held
     * call there would keep the unload queued behind it.
     */
    private static final Executor OWN_THREAD = task -> {
        Thread thread = new Thread(task, "host-teardown-test");
        thread.setDaemon(true);
        thread.start();
    };

    /**
     * A guarded module and what its registered teardown saw, with its held call (or null); strings, numbers and a
     * future only, so that the test holds nothing of the module.
     */
    private record Seen(String id, AtomicInteger runs, AtomicLong inFlight, AtomicLong answer, List<String> events,
                        CompletableFuture<Object> held) {
    }

    @Test
    void theMxBeanUnloadRunsItAfterTheHeldCallAndTheHooksCountedInThenCollects() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Seen seen = guardAndRegister("mxbean-teardown", null, release, true);
        ModuleListener listener = listenerFor(seen);
        Quiesce.addListener(listener);
        try {
            CompletableFuture<CompositeData> unload = CompletableFuture.supplyAsync(() -> mxBeanUnload(seen.id()), OWN_THREAD);
            await().atMost(Duration.ofSeconds(10)).until(() -> Plugins.info(seen.id()).state() == ModuleState.DRAINING);
            assertEquals(0, seen.runs().get(), "the teardown waits for the call held inside");
            release.countDown();
            assertEquals("held", seen.held().get(10, TimeUnit.SECONDS));

            CompositeData result = unload.get(30, TimeUnit.SECONDS);
            assertEquals("COLLECTED", result.get("outcome"), result.toString());
            assertEquals(0, ((String[]) result.get("problems")).length, result.toString());
        } finally {
            Quiesce.removeListener(listener);
        }
        assertEquals(1, seen.runs().get());
        assertEquals(1, seen.inFlight().get(), "inside the module, the teardown is the only call");
        assertEquals(42, seen.answer().get(), "the teardown may call into the module");
        assertEquals(List.of("onDrain active=1", "onUnload active=0 nested=nested", "host teardown", "unloaded"),
                seen.events(), "@OnDrain (the held call inside), @OnUnload, the host's teardown, the listeners");
    }

    @Test
    void whatItThrowsIsAProblemAndTheModuleStillEndsUnloaded() {
        Seen seen = guardAndRegister("throwing-registered", "registered teardown broke", null, true);
        UnloadReport report = Quiesce.unload(seen.id(), Duration.ofSeconds(5));
        assertEquals(Outcome.COLLECTED, report.outcome(), report::toString);
        assertTrue(String.join("\n", report.problems()).contains("registered teardown broke"), report::toString);
        assertEquals(1, seen.runs().get());
        assertEquals(ModuleState.UNLOADED, Plugins.info(seen.id()).state());
    }

    @Test
    void aDrainThatTimesOutDoesNotRunItAndTheNextUnloadDoes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Seen seen = guardAndRegister("timeout-registered", null, release, true);

        UnloadReport timedOut = Quiesce.unload(seen.id(), Duration.ofMillis(100));
        assertEquals(Outcome.TIMED_OUT, timedOut.outcome(), timedOut::toString);
        assertEquals(ModuleState.ACTIVE, Plugins.info(seen.id()).state());
        assertEquals(0, seen.runs().get(), "a drain that timed out does not run the teardown");

        release.countDown();
        seen.held().get(10, TimeUnit.SECONDS);
        UnloadReport report = Quiesce.unload(seen.id(), Duration.ofSeconds(5));
        assertEquals(Outcome.COLLECTED, report.outcome(), report::toString);
        assertEquals(1, seen.runs().get(), "it stayed registered and the next unload ran it");
    }

    @Test
    void aTeardownThatBringsItsOwnDoesNotRunItAndTheAgentDropsIt() {
        Seen seen = guardAndRegister("own-teardown", null, null, true);
        AtomicInteger own = new AtomicInteger();
        UnloadReport tornDown = Quiesce.tearDown(seen.id(), Duration.ofSeconds(5), own::incrementAndGet);
        assertEquals(Outcome.TORN_DOWN, tornDown.outcome(), tornDown::toString);
        assertEquals(1, own.get());
        assertEquals(0, seen.runs().get(), "tearDown runs its own teardown, not the registered one");
        UnloadReport collected = Quiesce.checkCollected(seen.id());
        assertEquals(Outcome.COLLECTED, collected.outcome(), "the agent dropped the registered teardown: "
                + collected);
    }

    @Test
    void badRegistrationsAreRefusedWithAReason() throws Exception {
        assertMessage(IllegalArgumentException.class, "no module named 'nope'",
                () -> Quiesce.onTearDown("nope", () -> { }));
        assertThrows(NullPointerException.class, () -> Quiesce.onTearDown(null, () -> { }));

        String id = Quiesce.guard(Plugins.newLoader(null, true), "registered-twice");
        assertThrows(NullPointerException.class, () -> Quiesce.onTearDown(id, null));
        Quiesce.onTearDown(id, () -> { });
        assertMessage(IllegalStateException.class, "already has a teardown registered",
                () -> Quiesce.onTearDown(id, () -> { }));
        assertEquals(Outcome.COLLECTED, Quiesce.unload(id, Duration.ofSeconds(5)).outcome());
        assertMessage(IllegalArgumentException.class, "already unloaded", () -> Quiesce.onTearDown(id, () -> { }));

        CountDownLatch release = new CountDownLatch(1);
        Seen unregistered = guardAndRegister("registered-while-draining", null, release, false);
        String draining = unregistered.id();
        CompletableFuture<UnloadReport> unload = CompletableFuture.supplyAsync(
                () -> Quiesce.unload(draining, Duration.ofSeconds(10)), OWN_THREAD);
        await().atMost(Duration.ofSeconds(10)).until(() -> Plugins.info(draining).state() == ModuleState.DRAINING);
        assertMessage(IllegalStateException.class, "already being unloaded",
                () -> Quiesce.onTearDown(draining, () -> { }));
        release.countDown();
        unregistered.held().get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.COLLECTED, unload.get(30, TimeUnit.SECONDS).outcome());
    }

    /**
     * Guards a new loader and sets the worker's hook events; if {@code release} is not null, holds a call inside the
     * module on its own thread until it opens; if {@code register}, registers a teardown that holds an instance of
     * the module's class (so that only the agent's registration holds the loader), calls it and throws
     * {@code failure} if that is not null. Returns what the teardown will see.
     */
    private static Seen guardAndRegister(String name, String failure, CountDownLatch release, boolean register) {
        URLClassLoader loader = Plugins.newLoader(name, true);
        String id = Quiesce.guard(loader, name);
        Object worker = Plugins.newInstance(loader, Plugins.WORKER);
        CompletableFuture<Object> held = release == null ? null : hold(worker, release);
        Seen seen = new Seen(id, new AtomicInteger(), new AtomicLong(-1), new AtomicLong(),
                new CopyOnWriteArrayList<>(), held);
        Plugins.call(worker.getClass(), "events", (Consumer<String>) seen.events()::add);
        if (register) {
            IntUnaryOperator plain = (IntUnaryOperator) Plugins.newInstance(loader, PLAIN);
            Quiesce.onTearDown(id, () -> {
                seen.runs().incrementAndGet();
                seen.inFlight().set(Plugins.info(id).inFlight());
                seen.answer().set(plain.applyAsInt(41));
                seen.events().add("host teardown");
                if (failure != null) {
                    throw new IllegalStateException(failure);
                }
            });
        }
        return seen;
    }

    /** A call of {@code Worker.hold}, on its own thread until {@code release}; returns once it is inside. */
    private static CompletableFuture<Object> hold(Object worker, CountDownLatch release) {
        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<Object> held = CompletableFuture.supplyAsync(() -> Plugins.call(worker, "hold", entered,
                release), OWN_THREAD);
        await().atMost(Duration.ofSeconds(10)).until(() -> entered.getCount() == 0 || held.isDone());
        if (held.isDone()) {
            throw new AssertionError("the held call ended before it was held: " + held.handle((r, e) -> e).join());
        }
        return held;
    }

    private static ModuleListener listenerFor(Seen seen) {
        return new ModuleListener() {
            @Override
            public void unloaded(String module) {
                if (module.equals(seen.id())) {
                    seen.events().add("unloaded");
                }
            }
        };
    }

    private static CompositeData mxBeanUnload(String id) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("dev.quiesce:type=ModuleControl");
            await().atMost(Duration.ofSeconds(10)).until(() -> server.isRegistered(name));
            return (CompositeData) server.invoke(name, "unload", new Object[] {id, 10_000L},
                    new String[] {String.class.getName(), long.class.getName()});
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertMessage(Class<? extends RuntimeException> type, String part, Runnable call) {
        RuntimeException e = assertThrows(type, call::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
