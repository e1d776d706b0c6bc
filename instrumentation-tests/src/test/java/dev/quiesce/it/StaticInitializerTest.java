package dev.quiesce.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The static-initialiser policy ({@code Cell.enterInitializer}): an initialiser that first runs while its module
 * drains is admitted and counted, so a drain that then times out leaves the class usable; once the module is torn
 * down, an initialiser is refused and its body never runs. (A held initialiser making the drain wait: {@link CoverageTest}.)
 */
class StaticInitializerTest {
    private static final String LATE_INIT = "dev.quiesce.testplugins.coverage.LateInit";

    @Test
    void anInitialiserFirstRunWhileDrainingRunsAndTheClassStaysUsableAfterTheDrainTimesOut() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        URLClassLoader loader = Plugins.newLoader("init-draining", false);
        Class<?> paths = loader.loadClass(CoverageTest.PATHS);
        Plugins.call(paths, "host", (Consumer<String>) events::add, new AtomicInteger());
        String id = Plugins.moduleId(loader);
        try (HeldPath held = new HeldPath()) {
            held.start((Callable<?>) Plugins.call(paths, "lambda", held.entered, held.release), "init-draining-held");
            CompletableFuture<UnloadReport> unload = CompletableFuture.supplyAsync(
                    () -> Quiesce.unload(id, Duration.ofSeconds(1)));
            await().atMost(Duration.ofSeconds(10)).until(() -> Plugins.info(id).state() == ModuleState.DRAINING);

            Class<?> late = Class.forName(LATE_INIT, true, loader); // from the host: no call of this thread inside
            assertEquals(List.of("LateInit initialised"), events, "the initialiser ran while the module drained");

            assertEquals(Outcome.TIMED_OUT, unload.get(30, TimeUnit.SECONDS).outcome(), "the held call kept it in");
            assertEquals(ModuleState.ACTIVE, Plugins.info(id).state());
            assertEquals("late", Plugins.call(late, "value"), "the class is usable after the drain timed out");
        }
    }

    @Test
    void anInitialiserAfterTheTeardownIsRefusedAndItsBodyNeverRuns() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        URLClassLoader loader = Plugins.newLoader("init-unloaded", false);
        Plugins.call(loader.loadClass(CoverageTest.PATHS), "host", (Consumer<String>) events::add,
                new AtomicInteger());
        String id = Plugins.moduleId(loader);
        assertEquals(Outcome.TORN_DOWN, Quiesce.tearDown(id, Duration.ofSeconds(10), () -> { }).outcome());
        assertEquals(List.of("onUnload inside=0"), events);

        ExceptionInInitializerError refused = assertThrows(ExceptionInInitializerError.class,
                () -> Class.forName(LATE_INIT, true, loader));
        assertInstanceOf(ModuleUnloadedException.class, refused.getCause());
        assertEquals(ModuleState.UNLOADED, ((ModuleUnloadedException) refused.getCause()).state());
        assertEquals(List.of("onUnload inside=0"), events, "the initialiser's body did not run after the teardown");
    }
}
