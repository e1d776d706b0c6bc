package dev.quiesce.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.ModuleState;
import dev.quiesce.Outcome;
import dev.quiesce.UnloadReport;
import dev.quiesce.it.support.HeldCall;
import dev.quiesce.it.support.LoadedPlugin;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Private methods split as their class loads (a counted method of the same name, an uncounted copy of the body that
 * the class's own calls reach straight): every way in is still counted, a drain waits for a call held in a copy,
 * reflection and stack traces show what they should ({@code dev.quiesce.testplugins.Splitter}).
 */
class BodySplitTest {
    private static final String SPLITTER = "dev.quiesce.testplugins.Splitter";

    @Test
    void aCallHeldInAPrivateMethodReachedStraightIsInFlightAndTheDrainWaitsForIt() throws Exception {
        LoadedPlugin plugin = LoadedPlugin.load("split-held", false, SPLITTER);
        CompletableFuture<UnloadReport> unload;
        try (HeldCall held = plugin.hold("hold", "split-held-caller")) {
            assertEquals(1, plugin.info().inFlight(), "the outer call counts the private one it holds in");
            unload = plugin.unloadAsync(Duration.ofSeconds(30));
            plugin.awaitState(ModuleState.DRAINING);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !unload.isDone());
            plugin.drop();
            held.release();
            assertEquals("held", held.result());
        }
        assertEquals(Outcome.COLLECTED, unload.get(30, TimeUnit.SECONDS).outcome());
    }

    @Test
    void aLambdaRunByTheHostIsCountedThoughItsBodyCallsACopyStraight() throws Exception {
        LoadedPlugin plugin = LoadedPlugin.load("split-lambda", false, SPLITTER);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        @SuppressWarnings("unchecked")
        Callable<String> task = (Callable<String>) plugin.call("heldTask", entered, release);
        assertEquals(0, plugin.info().inFlight(), "handing out the task left the module");
        CompletableFuture<String> run = CompletableFuture.supplyAsync(() -> {
            try {
                return task.call();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        try {
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            assertEquals(1, plugin.info().inFlight(), "the lambda's body is a counted entry point");
        } finally {
            release.countDown();
        }
        assertEquals("held", run.get(10, TimeUnit.SECONDS));
        await().atMost(Duration.ofSeconds(10)).until(() -> plugin.info().inFlight() == 0);
    }

    @Test
    void copiesArePrivateSyntheticAndTheCountedMethodsKeepTheirNamesAndAnnotations() throws Exception {
        LoadedPlugin plugin = LoadedPlugin.load("split-reflection", false, SPLITTER);
        Class<?> type = plugin.instance().getClass();
        Method copy = type.getDeclaredMethod("quiesce$waitInside", CountDownLatch.class, CountDownLatch.class);
        assertTrue(copy.isSynthetic());
        assertTrue(Modifier.isPrivate(copy.getModifiers()));
        Method hold = type.getMethod("hold", CountDownLatch.class, CountDownLatch.class);
        assertFalse(hold.isSynthetic());
        assertEquals(Modifier.PUBLIC, hold.getModifiers());
        assertEquals(List.of(InterruptedException.class), Arrays.asList(hold.getExceptionTypes()));
        Method deprecated = type.getDeclaredMethod("deprecated");
        assertTrue(deprecated.isAnnotationPresent(Deprecated.class), "the counted method keeps it");
        assertEquals(Modifier.PRIVATE, deprecated.getModifiers());
        assertFalse(deprecated.isSynthetic());
        assertFalse(type.getDeclaredMethod("quiesce$deprecated").isAnnotationPresent(Deprecated.class));
        assertTrue(Arrays.stream(type.getDeclaredMethods()).filter(Method::isSynthetic)
                .allMatch(m -> Modifier.isPrivate(m.getModifiers())), "no copy of a method that is not private");
        assertThrows(NoSuchMethodException.class, () -> type.getDeclaredMethod("quiesce$hold", CountDownLatch.class,
                CountDownLatch.class), "a public method is not split");
        assertEquals("old", plugin.call("old"));
        plugin.drop();
    }

    @Test
    void aStackTraceHasOneFramePerCallFromInsideAndTheCountedFrameAboveACopyEnteredFromOutside() {
        LoadedPlugin plugin = LoadedPlugin.load("split-frames", false, SPLITTER);
        @SuppressWarnings("unchecked")
        List<String> frames = (List<String>) plugin.call("frames");
        assertEquals(List.of("quiesce$here", "frames"), names(frames), "a private method called from its class");

        @SuppressWarnings("unchecked")
        List<String> fromLambda = ((Supplier<List<String>>) plugin.call("framesTask")).get();
        List<String> names = names(fromLambda);
        assertEquals(3, names.size(), fromLambda.toString());
        assertEquals("quiesce$here", names.get(0));
        assertTrue(names.get(2).startsWith("lambda$framesTask$"), fromLambda.toString());
        assertEquals("quiesce$" + names.get(2), names.get(1), "the counted lambda body calls its copy");
        assertEquals(fromLambda.get(1).split(":")[1], fromLambda.get(2).split(":")[1],
                "the counted frame has its body's first line: " + fromLambda);
        plugin.drop();
    }

    private static List<String> names(List<String> frames) {
        return frames.stream().map(frame -> frame.split(":")[0]).toList();
    }

    @Test
    void aPrivateRecursionThatOverflowsCountsOutAndTheModuleUnloads() {
        LoadedPlugin plugin = LoadedPlugin.load("split-overflow", false, SPLITTER);
        for (int i = 0; i < 20; i++) {
            assertThrows(StackOverflowError.class, () -> plugin.call("overflow"));
        }
        assertEquals(0, plugin.info().inFlight());
        plugin.drop();
        assertEquals(Outcome.COLLECTED, plugin.unloadAsync(Duration.ofSeconds(5)).join().outcome());
    }
}
