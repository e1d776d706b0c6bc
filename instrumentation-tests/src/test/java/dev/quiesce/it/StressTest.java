package dev.quiesce.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.ModuleUnloadedException;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import dev.quiesce.it.support.LoadedPlugin;
import dev.quiesce.it.support.Plugins;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Many threads (platform, and virtual on JDK 21+) call a module in a loop while it is unloaded and redeployed again
 * and again. The module's own checks (no call inside at teardown, no call after it) must never trip, every drain must
 * finish, every generation's counts must balance, and every old loader must be collected.
 */
class StressTest {
    private static final int GENERATIONS = 25;
    private static final int PLATFORM_CALLERS = 4;
    private static final int VIRTUAL_CALLERS = 16;
    private static final long CALLS_PER_GENERATION = 2_000;

    private final AtomicReference<IntUnaryOperator> current = new AtomicReference<>();
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    /** The loader of the generation deployed last, weakly. */
    private WeakReference<ClassLoader> loader;

    @Test
    void unloadingUnderLoadNeverOverlapsACallAndNeverLeaks() throws Exception {
        AtomicInteger violations = new AtomicInteger();
        String previous = deploy(violations);
        List<Thread> callers = startCallers();
        List<String> unloaded = new ArrayList<>();
        try {
            for (int generation = 2; generation <= GENERATIONS; generation++) {
                long before = admitted.get();
                await().atMost(Duration.ofSeconds(30)).until(() -> admitted.get() - before >= CALLS_PER_GENERATION);
                WeakReference<ClassLoader> previousLoader = loader;
                String next = deploy(violations);
                UnloadReport report = Quiesce.unload(previous, Duration.ofSeconds(20));
                if (report.outcome() != Outcome.COLLECTED) {
                    // Under load the JVM may keep an old generation through compiled code the callers' loops still
                    // run (a heap dump then shows no reference from a GC root). Accepted only if the loader goes once
                    // those callers are replaced by new ones: a reference from Java would still hold it.
                    assertEquals(Outcome.RETAINED, report.outcome(), report.toString());
                    stop(callers);
                    running = true;
                    callers = startCallers();
                    await().atMost(Duration.ofSeconds(30)).until(() -> {
                        System.gc();
                        return previousLoader.get() == null;
                    });
                }
                unloaded.add(previous);
                previous = next;
            }
        } finally {
            stop(callers);
        }
        assertEquals(List.of(), callers.stream().filter(Thread::isAlive).map(Thread::toString).toList(),
                "callers still running 10 s after they were told to stop");
        assertEquals(List.of(), unexpected, "callers failed");
        assertEquals(0, violations.get(), "a call ran during or after its module's teardown");
        assertEquals(GENERATIONS - 1, unloaded.size());
        Plugins.assertBalanced(unloaded);
        assertTrue(admitted.get() >= CALLS_PER_GENERATION * (GENERATIONS - 1), "calls made: " + admitted.get()
                + ", refused: " + refused.get());
    }

    /** Loads a new generation, routes the callers to it, keeps its loader in {@link #loader}; returns its id. */
    private String deploy(AtomicInteger violations) {
        LoadedPlugin plugin = LoadedPlugin.load("busy", true, "dev.quiesce.testplugins.Busy");
        plugin.callStatic("violations", violations);
        IntUnaryOperator instance = (IntUnaryOperator) plugin.instance();
        loader = new WeakReference<>(instance.getClass().getClassLoader());
        current.set(instance);
        return plugin.id();
    }

    private List<Thread> startCallers() throws ReflectiveOperationException {
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < PLATFORM_CALLERS; i++) {
            callers.add(startPlatform(this::callInALoop));
        }
        if (Runtime.version().feature() >= 21) {
            for (int i = 0; i < VIRTUAL_CALLERS; i++) {
                callers.add(startVirtual(this::callInALoop));
            }
        }
        return callers;
    }

    private void stop(List<Thread> callers) throws InterruptedException {
        running = false;
        for (Thread caller : callers) {
            caller.join(10_000);
        }
    }

    private void callInALoop() {
        int value = 0;
        while (running) {
            IntUnaryOperator target = current.get();
            try {
                value = target.applyAsInt(value);
                admitted.incrementAndGet();
            } catch (ModuleUnloadedException e) {
                refused.incrementAndGet();
            } catch (RuntimeException | Error e) {
                unexpected.add(e.toString());
                return;
            }
        }
    }

    private static Thread startPlatform(Runnable body) {
        Thread thread = new Thread(body, "stress-platform");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Thread.ofVirtual().start(body), by reflection: this code compiles for Java 17. */
    private static Thread startVirtual(Runnable body) throws ReflectiveOperationException {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        return (Thread) Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class)
                .invoke(builder, body);
    }
}
