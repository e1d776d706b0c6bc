package dev.quiesce.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.agent.instrument.fixtures.Blocks;
import dev.quiesce.agent.instrument.fixtures.Paths;
import dev.quiesce.agent.instrument.fixtures.PlainGreeter;
import dev.quiesce.agent.instrument.fixtures.Shapes;
import dev.quiesce.agent.instrument.fixtures.Unannotated;
import dev.quiesce.agent.runtime.Gate;
import dev.quiesce.agent.runtime.GateCounts;
import dev.quiesce.agent.runtime.Gates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rewritten classes load (the JVM verifies them) and count every call in and out exactly once, by whatever path it
 * comes: the fixtures' loader is a module, so every class it defines is rewritten, as the agent does.
 */
class EntryPointRewriterTest {
    private static final String FIXTURES = Shapes.class.getPackageName() + ".";

    private Gate gate;
    private int slot;

    @BeforeEach
    void registerGate() {
        gate = new Gate("shapes");
        slot = Gates.register(gate);
    }

    @Test
    void everyCallCountsInAndOutOnEveryPath() throws Exception {
        ClassLoader loader = new RewritingLoader();
        Class<?> shapes = loader.loadClass(Shapes.class.getName());
        Object s = shapes.getConstructor().newInstance();
        assertCounts(2, "this(...) delegation: both constructors are entry points");

        assertEquals(IllegalArgumentException.class, thrown(() -> shapes.getConstructor(String.class)
                .newInstance((Object) null)).getClass());
        assertTrue(((String) call(s, "label")).startsWith("default after a long"));
        assertEquals(84L, call(shapes, "twice", 42L));
        assertEquals(1.25d, call(s, "half", 2.5d));
        assertEquals(8, call(s, "locked", 7));
        assertEquals(-1, call(s, "tryFinally"));
        assertEquals(UnsupportedOperationException.class, thrown(() -> call(s, "neverReturns")).getClass());
        assertEquals(27, call(s, "loops", 10));
        for (int x = -1; x <= 2; x++) {
            call(s, "earlyReturns", x);
        }
        assertEquals("67", call(s, "nestedTry", "0123467"));
        assertEquals(IllegalStateException.class, thrown(() -> call(s, "nestedTry", "abc")).getClass());
        assertEquals(3, call(s, "finallyRuns"));
        assertCounts(2 + 15, "each public call once");

        Method hidden = shapes.getDeclaredMethod("notAnEntryPoint");
        hidden.setAccessible(true);
        hidden.invoke(s);
        Method hook = shapes.getDeclaredMethod("hook");
        hook.setAccessible(true);
        hook.invoke(null);
        assertCounts(18, "a private method is counted; a hook is not (the unload counts it in)");

        Object greeter = loader.loadClass(PlainGreeter.class.getName()).getConstructor().newInstance();
        assertEquals("hi you", call(greeter, "greet", "you"));
        assertCounts(20, "an unannotated class's constructor and an interface's default method are counted");
    }

    @Test
    void compilerGeneratedHandlersCountOnEveryPath() throws Exception {
        Object b = new RewritingLoader().loadClass(Blocks.class.getName()).getConstructor().newInstance();
        assertEquals(1, call(b, "synchronizedBlock", 1));
        assertEquals(IllegalStateException.class, thrown(() -> call(b, "synchronizedBlock", 200)).getClass());
        assertEquals("x", call(b, "tryWithResources", "xyz"));
        assertEquals(2, call(b, "stringSwitch", "two"));
        assertEquals(IllegalArgumentException.class, thrown(() -> call(b, "stringSwitch", "three")).getClass());
        ((Runnable) call(b, "lambda")).run();
        assertCounts(1 + 6 + 1, "the constructor, each public call and the lambda's body once");
    }

    @Test
    void everyPathIntoModuleCodeIsCountedWhileItRuns() throws Exception {
        Probe.gate = gate;
        Probe.SEEN.clear();
        ClassLoader loader = new RewritingLoader();
        Object paths = loader.loadClass(Paths.class.getName()).getConstructor().newInstance();
        assertEquals(List.of(1L), Probe.SEEN, "the static initialiser runs counted");
        assertEquals("handled", ((TemplateHost) paths).serve());
        assertEquals("lambda", ((Supplier<?>) call(paths, "lambda")).get());
        assertEquals("secret", ((Supplier<?>) call(paths, "methodReference")).get());
        ((Runnable) call(paths, "anonymous")).run();
        assertEquals("inner", ((Callable<?>) call(paths, "inner")).call());
        Method secret = paths.getClass().getDeclaredMethod("secret");
        secret.setAccessible(true);
        assertEquals("secret", secret.invoke(paths));
        assertEquals("helped", call(loader.loadClass(Unannotated.class.getName()), "help"));
        assertEquals(Collections.nCopies(8, 1L), Probe.SEEN, "a host's template method, a lambda, a method reference,"
                + " an anonymous class, an inner class, reflection on a private method, an unannotated class: each"
                + " body runs counted as the one call inside");
        GateCounts counts = gate.counts();
        assertEquals(counts.entrances(), counts.exits(), "every call counted out");
    }

    @Test
    void aConstructorPrologueRunsCountedAndCountsOutWhenItThrows() throws Exception {
        Probe.gate = gate;
        Probe.SEEN.clear();
        Class<?> prologue = new RewritingLoader().loadClass(FlexibleConstructor.NAME);
        prologue.getConstructor(boolean.class).newInstance(false);
        assertCounts(2, "the prologue and the body, each counted once");
        assertEquals(IllegalStateException.class, thrown(() -> prologue.getConstructor(boolean.class)
                .newInstance(true)).getClass());
        assertCounts(3, "a prologue that throws counts out");
        assertEquals(List.of(1L, 1L), Probe.SEEN, "the code before super() runs counted");
    }

    @Test
    void aDyingGateRefusesWithoutRunningTheBody() throws Exception {
        Object s = new RewritingLoader().loadClass(Shapes.class.getName()).getConstructor().newInstance();
        gate.beginDrain();
        Throwable refused = thrown(() -> call(s, "locked", 1));
        assertEquals("module 'shapes' is DRAINING: new calls are refused while it unloads; the method body did"
                + " not run. Call the module's new generation, or retry after the unload.", refused.getMessage());
        assertEquals(0, gate.inFlight());
        assertEquals(1, gate.counts().refused(), "one refusal counted");
    }

    private void assertCounts(long expected, String why) {
        GateCounts counts = gate.counts();
        assertEquals(expected, counts.entrances(), why + ": entrances");
        assertEquals(expected, counts.exits(), why + ": exits");
    }

    private byte[] rewrite(byte[] classFile) {
        ModuleClass info = ModuleClass.read(classFile, "fixture");
        return EntryPointRewriter.rewrite(classFile, slot, info, BodySplit.of(classFile, info, split()));
    }

    /** Whether the classes are split as they would be when they load ({@link SplitEntryPointRewriterTest}). */
    boolean split() {
        return false;
    }

    private static Object call(Object target, String name, Object... args) throws Exception {
        Class<?> type = target instanceof Class<?> c ? c : target.getClass();
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                try {
                    return m.invoke(target instanceof Class<?> ? null : target, args);
                } catch (InvocationTargetException e) {
                    throw (Exception) e.getCause();
                }
            }
        }
        throw new NoSuchMethodException(name);
    }

    private interface Call {
        Object run() throws Exception;
    }

    private static Throwable thrown(Call call) {
        return assertThrows(Throwable.class, () -> {
            try {
                call.run();
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    /** Defines the fixtures from their class files (and the generated {@link FlexibleConstructor}), all rewritten. */
    private final class RewritingLoader extends ClassLoader {
        RewritingLoader() {
            super("rewriting", EntryPointRewriterTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(FIXTURES)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    byte[] defined = rewrite(name.equals(FlexibleConstructor.NAME) ? FlexibleConstructor.classFile()
                            : bytes(name));
                    loaded = defineClass(name, defined, 0, defined.length);
                }
                return loaded;
            }
        }

        private byte[] bytes(String name) {
            try (var in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
