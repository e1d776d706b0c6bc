package dev.quiesce.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quiesce.ModuleState;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import dev.quiesce.it.support.HeldPath;
import dev.quiesce.it.support.Plugins;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every path into a module's code counts: a call held inside the module by that path makes the drain wait, and the
 * teardown runs only after it left (the module's own hook checks that none of its code is running). Each path's own
 * body holds, not a public method it calls, so each test fails if that path alone is not counted.
 */
class CoverageTest {
    static final String PATHS = "dev.quiesce.testplugins.coverage.Paths";
    static final String TASK = "dev.quiesce.testplugins.coverage.Task";
    static final String HELPER = "dev.quiesce.testplugins.coverage.Helper";
    static final String SLOW_INIT = "dev.quiesce.testplugins.coverage.SlowInit";

    /** Makes the path under test from the module's loader and the latches its body holds on. */
    interface PathFactory {
        Callable<?> path(ClassLoader loader, CountDownLatch entered, CountDownLatch release) throws Exception;
    }

    @Test
    void aProtectedOverrideCalledByAHostTemplateMethod() throws Exception {
        assertDrainWaitsFor("template", (loader, entered, release) -> {
            RecursiveTask<?> task = (RecursiveTask<?>) loader.loadClass(TASK)
                    .getConstructor(CountDownLatch.class, CountDownLatch.class).newInstance(entered, release);
            return task::invoke; // ForkJoinTask.invoke, public final, calls the module's protected compute()
        });
    }

    @Test
    void aLambda() throws Exception {
        assertDrainWaitsFor("lambda", factoryOf("lambda"));
    }

    @Test
    void aMethodReferenceToAPrivateMethod() throws Exception {
        assertDrainWaitsFor("method reference", factoryOf("methodReference"));
    }

    @Test
    void anAnonymousClass() throws Exception {
        assertDrainWaitsFor("anonymous", factoryOf("anonymous"));
    }

    @Test
    void anInnerClass() throws Exception {
        assertDrainWaitsFor("inner", factoryOf("inner"));
    }

    @Test
    void anUnannotatedClassOfTheModulesLoader() throws Exception {
        assertDrainWaitsFor("unannotated", (loader, entered, release) -> (Callable<?>) loader.loadClass(HELPER)
                .getConstructor(CountDownLatch.class, CountDownLatch.class).newInstance(entered, release));
    }

    @Test
    void reflectionOnAPrivateMethod() throws Exception {
        assertDrainWaitsFor("reflection", (loader, entered, release) -> {
            Method secret = loader.loadClass(PATHS).getDeclaredMethod("secret", CountDownLatch.class,
                    CountDownLatch.class);
            secret.setAccessible(true);
            return () -> secret.invoke(null, entered, release);
        });
    }

    @Test
    void aStaticInitialiser() throws Exception {
        assertDrainWaitsFor("SlowInit", (loader, entered, release) -> {
            Plugins.call(loader.loadClass(PATHS), "holdInitializer", entered, release);
            return () -> Class.forName(SLOW_INIT, true, loader).getSimpleName();
        });
    }

    private static PathFactory factoryOf(String factoryMethod) {
        return (loader, entered, release) -> (Callable<?>) Plugins.call(loader.loadClass(PATHS), factoryMethod,
                entered, release);
    }

    private static void assertDrainWaitsFor(String path, PathFactory factory) throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        AtomicInteger violations = new AtomicInteger();
        String id;
        CompletableFuture<UnloadReport> unload;
        try (HeldPath held = new HeldPath()) {
            id = startHeld(path, factory, held, events, violations);
            String module = id;
            unload = CompletableFuture.supplyAsync(() -> Quiesce.unload(module, Duration.ofSeconds(30)));
            await().atMost(Duration.ofSeconds(10)).until(() -> Plugins.info(module).state() != ModuleState.ACTIVE);
            assertEquals(ModuleState.DRAINING, Plugins.info(id).state(), "the unload did not wait for the " + path
                    + " path");
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !unload.isDone());
            assertEquals(1, Plugins.info(id).inFlight(), "the call held by the " + path + " path is counted inside");
            assertEquals(List.of(), events, "no teardown while the " + path + " path is inside");
            held.release();
            assertEquals(path, held.result(), "the call in flight finished normally");
        }
        UnloadReport report = unload.get(30, TimeUnit.SECONDS);
        assertEquals(List.of("onUnload inside=0"), events, "the teardown ran once, after the " + path + " path left");
        assertEquals(0, violations.get(), "module code ran during or after the teardown");
        assertEquals(1, report.inFlightAtStart());
        assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
    }

    /** Loads a module, starts the held call, and returns the module's id; no reference to the loader is kept. */
    private static String startHeld(String path, PathFactory factory, HeldPath held, List<String> events,
                                    AtomicInteger violations) throws Exception {
        URLClassLoader loader = Plugins.newLoader("coverage-" + path.replace(' ', '-'), false);
        Plugins.call(loader.loadClass(PATHS), "host", (Consumer<String>) events::add, violations);
        held.start(factory.path(loader, held.entered, held.release), "coverage-" + path);
        return Plugins.moduleId(loader);
    }
}
