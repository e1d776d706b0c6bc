package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.ModuleListener;
import dev.quiesce.ModuleState;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import dev.quiesce.it.forked.UnloadOnceMain;
import dev.quiesce.it.support.ForkedJvm;
import dev.quiesce.it.support.HeldCall;
import dev.quiesce.it.support.LoadedPlugin;
import dev.quiesce.it.support.Plugins;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever a listener or hook throws, from any step (a checked exception thrown sneakily, an Error, a real stack
 * overflow in the hook itself), the unload goes on, the report names the failure, and the module ends ACTIVE or
 * unloaded. An OutOfMemoryError is rethrown, but only once the module is consistent.
 */
class UnloadFailureTest {
    /** Where the failure is thrown. The Worker's hooks call its {@code events} sink, which the test sets. */
    enum Step {
        LISTENER_DRAINING, ON_DRAIN, ON_RESUME, ON_UNLOAD, LISTENER_UNLOADED;

        /** The hooks' event that triggers it, or null for a listener. */
        String hookEvent() {
            return switch (this) {
                case ON_DRAIN -> "onDrain";
                case ON_RESUME -> "onResume";
                case ON_UNLOAD -> "onUnload";
                default -> null;
            };
        }
    }

    static Stream<Arguments> failures() {
        return Arrays.stream(Step.values()).flatMap(step -> Stream.of(
                Arguments.of(step, "checked", "java.io.IOException: " + step + " failed"),
                Arguments.of(step, "error", "java.lang.AssertionError: " + step + " failed"),
                Arguments.of(step, "overflow", "java.lang.StackOverflowError")));
    }

    @ParameterizedTest(name = "{0} throws {1}")
    @MethodSource("failures")
    void theFailureIsReportedAndTheModuleEndsConsistent(Step step, String kind, String named) throws Exception {
        LoadedPlugin plugin = LoadedPlugin.load("failing-" + step + "-" + kind, false, Plugins.WORKER);
        Runnable failure = switch (kind) {
            case "checked" -> () -> sneaky(new IOException(step + " failed"));
            case "error" -> () -> {
                throw new AssertionError(step + " failed");
            };
            default -> () -> overflow(0);
        };
        UnloadReport report = unloadFailingAt(plugin, step, failure);
        assertTrue(report.problems().stream().anyMatch(p -> p.contains("threw " + named)),
                "the report names the failure: " + report.problems());
        if (step == Step.ON_RESUME) {
            assertEquals(Outcome.TIMED_OUT, report.outcome(), report.toString());
            assertEquals(ModuleState.ACTIVE, plugin.info().state());
            plugin.drop();
            assertEquals(Outcome.COLLECTED, Quiesce.unload(plugin.id(), Duration.ofSeconds(5)).outcome(),
                    "the module is back in service, and a new unload works");
        } else {
            assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
            assertEquals(ModuleState.UNLOADED, plugin.info().state());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("steps")
    void anOutOfMemoryErrorIsRethrownOnceTheModuleIsConsistent(Step step) throws Exception {
        LoadedPlugin plugin = LoadedPlugin.load("oom-" + step, false, Plugins.WORKER);
        OutOfMemoryError oom = new OutOfMemoryError(step + " ran out");
        OutOfMemoryError thrown = assertThrows(OutOfMemoryError.class, () -> unloadFailingAt(plugin, step, () -> {
            throw oom;
        }));
        assertSame(oom, thrown);
        assertTrue(thrown.getSuppressed()[0].getMessage().contains("threw java.lang.OutOfMemoryError: " + step
                + " ran out"), "the report goes with it: " + thrown.getSuppressed()[0]);
        if (step == Step.ON_RESUME) {
            assertEquals(ModuleState.ACTIVE, plugin.info().state());
            plugin.drop();
            assertEquals(Outcome.COLLECTED, Quiesce.unload(plugin.id(), Duration.ofSeconds(5)).outcome());
        } else {
            assertEquals(ModuleState.UNLOADED, plugin.info().state());
        }
    }

    /**
     * The protocol's own code failing: describing the blockers of a timed-out drain needs the stacks of the threads
     * inside, and this one's getStackTrace() throws an OutOfMemoryError. The drain is rolled back all the same (the
     * @OnResume hook runs), and the error is rethrown once the module is ACTIVE again.
     */
    @Test
    void aFailureOfTheProtocolItselfLeavesTheModuleConsistent() throws Exception {
        LoadedPlugin plugin = LoadedPlugin.load("protocol-fails", false, Plugins.WORKER);
        List<String> events = new CopyOnWriteArrayList<>();
        plugin.callStatic("events", (Consumer<String>) events::add);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Object worker = plugin.instance();
        Thread holder = new Thread(() -> plugin.call("hold", entered, release), "no-stack-trace") {
            @Override
            public StackTraceElement[] getStackTrace() {
                throw new OutOfMemoryError("no memory for a stack trace");
            }
        };
        holder.start();
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        OutOfMemoryError thrown = assertThrows(OutOfMemoryError.class,
                () -> Quiesce.unload(plugin.id(), Duration.ofMillis(100)));
        assertEquals("no memory for a stack trace", thrown.getMessage());
        assertEquals(ModuleState.ACTIVE, plugin.info().state());
        assertEquals(List.of("onDrain active=1", "onResume"), events, "the drain was rolled back, hooks included");
        assertEquals("nested", Plugins.call(worker, "nested"), "the module is back in service");
        release.countDown();
        holder.join();
        worker = null;
        plugin.drop();
        assertEquals(Outcome.COLLECTED, Quiesce.unload(plugin.id(), Duration.ofSeconds(5)).outcome(),
                "nothing is left claimed: the next unload runs");
    }

    /**
     * A leak fix that throws (a module thread whose interrupt() is the module's code, so it is refused once the module
     * is unloaded) is reported; the unload ends.
     */
    @Test
    void aLeakFixThatThrowsAnErrorIsReported() throws Exception {
        ForkedJvm.Result run = ForkedJvm.run("collect-timeout=1s", List.of(), UnloadOnceMain.class.getName(),
                "dev.quiesce.testplugins.leaky.StrayStubbornThread", "start");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("outcome RETAINED"), run.output());
        assertTrue(run.output().contains("problem could not fix live thread \"stubborn\""), run.output());
        assertTrue(run.output().contains("module 'stray-stubborn-thread' is UNLOADED: new calls are refused"),
                "the module's interrupt() did not run after the teardown: " + run.output());
    }

    static Stream<Step> steps() {
        return Arrays.stream(Step.values());
    }

    /**
     * Unloads with the failure thrown at that step. For {@code ON_RESUME} a held call makes the drain time out; else
     * the test's reference to the module is dropped first.
     */
    private static UnloadReport unloadFailingAt(LoadedPlugin plugin, Step step, Runnable failure)
            throws Exception {
        String event = step.hookEvent();
        plugin.callStatic("events", (Consumer<String>) e -> {
            if (event != null && e.startsWith(event)) {
                failure.run();
            }
        });
        ModuleListener listener = new ModuleListener() {
            @Override
            public void draining(String module) {
                if (step == Step.LISTENER_DRAINING) {
                    failure.run();
                }
            }

            @Override
            public void unloaded(String module) {
                if (step == Step.LISTENER_UNLOADED) {
                    failure.run();
                }
            }
        };
        Quiesce.addListener(listener);
        try {
            if (step == Step.ON_RESUME) {
                try (HeldCall held = plugin.hold("hold", "held-" + plugin.id())) {
                    return Quiesce.unload(plugin.id(), Duration.ofMillis(200));
                }
            }
            String id = plugin.id();
            plugin.drop();
            return Quiesce.unload(id, Duration.ofSeconds(5));
        } finally {
            Quiesce.removeListener(listener);
        }
    }

    /** Overflows the stack of the thread that runs it: the unloading thread, inside the hook or listener. */
    private static int overflow(int depth) {
        return overflow(depth + 1) + 1;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
