package dev.quiesce.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quiesce.ModuleUnloadedException;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import dev.quiesce.it.support.Plugins;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Threads call a module through every path of {@link CoverageTest} (a host's template method, a lambda, a method
 * reference, an anonymous and an inner class, an unannotated class, reflection on a private method) while it is
 * unloaded and redeployed again and again; each also calls again the path it got the time before, which may belong
 * to a generation torn down since. The module's teardown hook checks that none of its code is running, and its
 * bodies that none runs after the teardown: 0 violations, every drain finishes, every old loader is collected.
 */
class CoverageStressTest {
    private static final int GENERATIONS = 12;
    private static final int CALLERS = 3;
    private static final long CALLS_PER_GENERATION = 1_500;
    private static final int PATHS = 7;

    /** One deployed generation, reached only through what a host holds: classes, a constructor, a method. */
    private record Generation(String id, Class<?> paths, Constructor<?> task, Constructor<?> helper, Method secret) {
    }

    private final AtomicReference<Generation> current = new AtomicReference<>();
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicInteger violations = new AtomicInteger();
    private final List<String> teardowns = new CopyOnWriteArrayList<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    @Test
    void noPathRunsModuleCodeDuringOrAfterItsTeardown() throws Exception {
        String previous = deploy();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            int first = i;
            Thread caller = new Thread(() -> callInALoop(first), "coverage-stress-" + i);
            caller.setDaemon(true);
            caller.start();
            callers.add(caller);
        }
        List<String> unloaded = new ArrayList<>();
        try {
            for (int generation = 2; generation <= GENERATIONS; generation++) {
                long before = admitted.get();
                await().atMost(Duration.ofSeconds(60)).until(() -> admitted.get() - before >= CALLS_PER_GENERATION
                        || !unexpected.isEmpty());
                assertEquals(List.of(), unexpected, "callers failed");
                String next = deploy();
                UnloadReport report = Quiesce.unload(previous, Duration.ofSeconds(20));
                assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
                unloaded.add(previous);
                previous = next;
            }
        } finally {
            running = false;
            for (Thread caller : callers) {
                caller.join(10_000);
            }
        }
        assertEquals(List.of(), unexpected, "callers failed");
        assertEquals(0, violations.get(), "module code ran during or after its module's teardown; teardowns: "
                + teardowns);
        assertEquals(GENERATIONS - 1, teardowns.size(), "one teardown per unload: " + teardowns);
        Plugins.assertBalanced(unloaded);
    }

    private String deploy() throws ReflectiveOperationException {
        URLClassLoader loader = Plugins.newLoader("coverage-stress", true);
        Class<?> paths = loader.loadClass(CoverageTest.PATHS);
        Plugins.call(paths, "host", (Consumer<String>) teardowns::add, violations);
        Method secret = paths.getDeclaredMethod("secret", CountDownLatch.class, CountDownLatch.class);
        secret.setAccessible(true);
        Generation generation = new Generation(Plugins.moduleId(loader), paths,
                loader.loadClass(CoverageTest.TASK).getConstructor(CountDownLatch.class, CountDownLatch.class),
                loader.loadClass(CoverageTest.HELPER).getConstructor(CountDownLatch.class, CountDownLatch.class),
                secret);
        current.set(generation);
        return generation.id();
    }

    private void callInALoop(int first) {
        Callable<?> before = null;
        for (int i = first; running; i++) {
            try {
                Callable<?> path = path(current.get(), i % PATHS);
                call(path);
                if (before != null) {
                    call(before);
                }
                before = path;
            } catch (ModuleUnloadedException e) {
                refused.incrementAndGet();
                before = null;
            } catch (Exception | Error e) {
                unexpected.add(e.toString());
                return;
            }
        }
    }

    private void call(Callable<?> path) throws Exception {
        try {
            path.call();
            admitted.incrementAndGet();
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The path {@code which} of {@code generation}, as a host holds it; the factories it calls may be refused. */
    private static Callable<?> path(Generation generation, int which) throws Exception {
        try {
            return switch (which) {
                case 0 -> ((RecursiveTask<?>) generation.task().newInstance(null, null))::invoke;
                case 1 -> (Callable<?>) Plugins.call(generation.paths(), "lambda", null, null);
                case 2 -> (Callable<?>) Plugins.call(generation.paths(), "methodReference", null, null);
                case 3 -> (Callable<?>) Plugins.call(generation.paths(), "anonymous", null, null);
                case 4 -> (Callable<?>) Plugins.call(generation.paths(), "inner", null, null);
                case 5 -> (Callable<?>) generation.helper().newInstance(null, null);
                default -> () -> generation.secret().invoke(null, null, null);
            };
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
