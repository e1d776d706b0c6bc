package dev.quiesce.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.agent.instrument.fixtures.Blocks;
import dev.quiesce.agent.instrument.fixtures.PlainGreeter;
import dev.quiesce.agent.instrument.fixtures.Shapes;
import dev.quiesce.agent.runtime.Gate;
import dev.quiesce.agent.runtime.Gates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rewritten classes load (the JVM verifies them) and count every public call in and out exactly once. */
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
    void everyPublicCallCountsInAndOutOnEveryPath() throws Exception {
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
        assertCounts(17, "private methods and hooks are not entry points");

        Object greeter = loader.loadClass(PlainGreeter.class.getName()).getConstructor().newInstance();
        assertEquals("hi you", call(greeter, "greet", "you"));
        assertCounts(18, "a default method of an annotated interface is an entry point");
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
        assertCounts(1 + 6, "the constructor and each public call once; the lambda's body is not an entry point");
    }

    @Test
    void aDyingGateRefusesWithoutRunningTheBody() throws Exception {
        Object s = new RewritingLoader().loadClass(Shapes.class.getName()).getConstructor().newInstance();
        gate.beginDrain();
        Throwable refused = thrown(() -> call(s, "locked", 1));
        assertEquals("module 'shapes' is DRAINING: new calls are refused while it unloads; the method body did"
                + " not run. Call the module's new generation, or retry after the unload.", refused.getMessage());
        assertEquals(0, gate.inFlight());
        assertEquals(1, gate.counts()[2], "one refusal counted");
    }

    private void assertCounts(long expected, String why) {
        long[] counts = gate.counts();
        assertEquals(expected, counts[0], why + ": entrances");
        assertEquals(expected, counts[1], why + ": exits");
    }

    private byte[] rewrite(byte[] classFile) {
        return EntryPointRewriter.rewrite(classFile, slot, ModuleClass.read(classFile, "fixture"));
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

    /** Defines the fixtures from their class files, rewriting the annotated ones as the agent would. */
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
                    byte[] original = bytes(name);
                    byte[] defined = ModuleClass.read(original, name).annotated() ? rewrite(original) : original;
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
