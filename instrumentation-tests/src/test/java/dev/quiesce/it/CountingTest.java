package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quiesce.ModuleInfo;
import dev.quiesce.ModuleState;
import dev.quiesce.it.support.LoadedPlugin;
import dev.quiesce.it.support.Plugins;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Every entry point counts itself in and out exactly once, on every return and throw path. */
class CountingTest {

    @Test
    void countsAreExactAfterManyConcurrentCalls() throws Exception {
        LoadedPlugin worker = LoadedPlugin.load("counting", false, Plugins.WORKER);
        ModuleInfo before = worker.info();
        int threads = 4;
        int callsPerThread = 20_000;
        AtomicInteger bodyRuns = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < callsPerThread; i++) {
                        worker.call("work", bodyRuns);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        ModuleInfo after = worker.info();
        long calls = (long) threads * callsPerThread;
        assertEquals(calls, bodyRuns.get());
        assertEquals(before.entrances() + calls, after.entrances());
        assertEquals(before.exits() + calls, after.exits());
        assertEquals(0, after.inFlight());
        assertEquals(ModuleState.ACTIVE, after.state());
    }

    @Test
    void everyShapeOfEntryPointCountsOutOnEveryPath() {
        LoadedPlugin worker = LoadedPlugin.load("shapes", true, Plugins.WORKER);
        ModuleInfo before = worker.info();
        AtomicInteger finallyRuns = new AtomicInteger();

        assertThrows(IllegalStateException.class, () -> worker.call("fail"));
        assertEquals(84L, worker.callStatic("twice", 42L));
        assertEquals(1.25d, worker.call("half", 2.5d));
        assertEquals(8, worker.call("locked", 7));
        assertEquals(-1, worker.call("tryFinally", finallyRuns));
        assertEquals(1, finallyRuns.get());
        assertThrows(UnsupportedOperationException.class, () -> worker.call("neverReturns"));
        InvocationTargetException exploded = assertThrows(InvocationTargetException.class,
                () -> worker.instance().getClass().getConstructor(boolean.class).newInstance(true));
        assertEquals("constructor exploded", exploded.getCause().getMessage());

        ModuleInfo after = worker.info();
        assertEquals(7, after.entrances() - before.entrances(), "seven calls entered");
        assertEquals(after.entrances(), after.exits(), "every call left, by return or by throw");
        assertEquals(0, after.inFlight());
    }

    @Test
    void secondLiveLoaderOfTheSameModuleNameIsANewGeneration() {
        LoadedPlugin first = LoadedPlugin.load("gen-a", false, Plugins.WORKER);
        LoadedPlugin second = LoadedPlugin.load("gen-b", false, Plugins.WORKER);
        String a = first.id();
        String b = second.id();
        assertEquals("worker", a.replaceAll("#\\d+$", ""));
        assertEquals("worker", b.replaceAll("#\\d+$", ""));
        assertEquals(Integer.parseInt(generation(a)) + 1, Integer.parseInt(generation(b)));
    }

    private static String generation(String id) {
        int hash = id.indexOf('#');
        return hash < 0 ? "1" : id.substring(hash + 1);
    }
}
