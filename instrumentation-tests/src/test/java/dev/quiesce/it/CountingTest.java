package dev.quiesce.it;

import static dev.quiesce.it.support.Plugins.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quiesce.ModuleInfo;
import dev.quiesce.ModuleState;
import dev.quiesce.it.support.Plugins;
import java.lang.reflect.InvocationTargetException;
import java.net.URLClassLoader;
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
        URLClassLoader loader = Plugins.newLoader("counting", false);
        Object worker = Plugins.newInstance(loader, Plugins.WORKER);
        String id = Plugins.moduleId(loader);
        ModuleInfo before = Plugins.info(id);
        int threads = 4;
        int callsPerThread = 20_000;
        AtomicInteger bodyRuns = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < callsPerThread; i++) {
                        call(worker, "work", bodyRuns);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        ModuleInfo after = Plugins.info(id);
        long calls = (long) threads * callsPerThread;
        assertEquals(calls, bodyRuns.get());
        assertEquals(before.entrances() + calls, after.entrances());
        assertEquals(before.exits() + calls, after.exits());
        assertEquals(0, after.inFlight());
        assertEquals(ModuleState.ACTIVE, after.state());
    }

    @Test
    void everyShapeOfEntryPointCountsOutOnEveryPath() {
        URLClassLoader loader = Plugins.newLoader("shapes", true);
        Object worker = Plugins.newInstance(loader, Plugins.WORKER);
        String id = Plugins.moduleId(loader);
        ModuleInfo before = Plugins.info(id);
        AtomicInteger finallyRuns = new AtomicInteger();

        assertThrows(IllegalStateException.class, () -> call(worker, "fail"));
        assertEquals(84L, call(worker.getClass(), "twice", 42L));
        assertEquals(1.25d, call(worker, "half", 2.5d));
        assertEquals(8, call(worker, "locked", 7));
        assertEquals(-1, call(worker, "tryFinally", finallyRuns));
        assertEquals(1, finallyRuns.get());
        assertThrows(UnsupportedOperationException.class, () -> call(worker, "neverReturns"));
        InvocationTargetException exploded = assertThrows(InvocationTargetException.class,
                () -> worker.getClass().getConstructor(boolean.class).newInstance(true));
        assertEquals("constructor exploded", exploded.getCause().getMessage());

        ModuleInfo after = Plugins.info(id);
        assertEquals(7, after.entrances() - before.entrances(), "seven calls entered");
        assertEquals(after.entrances(), after.exits(), "every call left, by return or by throw");
        assertEquals(0, after.inFlight());
    }

    @Test
    void secondLiveLoaderOfTheSameModuleNameIsANewGeneration() {
        URLClassLoader first = Plugins.newLoader("gen-a", false);
        URLClassLoader second = Plugins.newLoader("gen-b", false);
        Plugins.newInstance(first, Plugins.WORKER);
        Plugins.newInstance(second, Plugins.WORKER);
        String a = Plugins.moduleId(first);
        String b = Plugins.moduleId(second);
        assertEquals("worker", a.replaceAll("#\\d+$", ""));
        assertEquals("worker", b.replaceAll("#\\d+$", ""));
        assertEquals(Integer.parseInt(generation(a)) + 1, Integer.parseInt(generation(b)));
    }

    private static String generation(String id) {
        int hash = id.indexOf('#');
        return hash < 0 ? "1" : id.substring(hash + 1);
    }
}
