package dev.quiesce.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.quiesce.agent.instrument.fixtures.Shapes;
import dev.quiesce.agent.unload.ModuleRegistry;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What the transformer rewrites, and what it leaves alone. */
class ModuleTransformerTest {
    private final ModuleRegistry registry = new ModuleRegistry();
    private final ModuleTransformer transformer = new ModuleTransformer(registry, GuardPatterns.NONE,
            noClassesLoaded());
    private final ClassLoader pluginLoader = new URLClassLoader("plugin", new URL[0], null);

    @Test
    void annotatedClassOfAPluginLoaderIsRewrittenAndItsModuleDiscovered() throws IOException {
        byte[] original = ConstantPoolScanTest.classFile(Shapes.class);
        byte[] rewritten = transformer.transform(pluginLoader, internalName(Shapes.class), null, null, original);
        assertNotNull(rewritten);
        assertEquals("shapes", registry.modules().get(0).id());
        assertEquals("'plugin' java.net.URLClassLoader", registry.modules().get(0).loader().split("@")[0]);
    }

    @Test
    void classesOfBuiltInLoadersAndUnannotatedClassesAreLeftAlone() throws IOException {
        byte[] shapes = ConstantPoolScanTest.classFile(Shapes.class);
        assertNull(transformer.transform(ClassLoader.getSystemClassLoader(), internalName(Shapes.class), null, null,
                shapes));
        assertNull(transformer.transform(null, internalName(Shapes.class), null, null, shapes));
        assertNull(transformer.transform(pluginLoader, "a/B", null, null,
                ConstantPoolScanTest.classFile(GuardPatternsTest.class)));
        assertEquals(0, registry.modules().size());
    }

    @Test
    void aClassThatCannotBeParsedIsLeftAsItWasAndTheHostCarriesOn() throws IOException {
        byte[] shapes = ConstantPoolScanTest.classFile(Shapes.class);
        byte[] truncated = Arrays.copyOf(shapes, shapes.length - 40);
        byte[] before = truncated.clone();
        assertNull(transformer.transform(pluginLoader, internalName(Shapes.class), null, null, truncated));
        assertArrayEquals(before, truncated, "the class bytes were not touched");
    }

    /** An Instrumentation for a JVM that loaded nothing: what a module's discovery finds to retransform here. */
    private static Instrumentation noClassesLoaded() {
        return (Instrumentation) Proxy.newProxyInstance(Instrumentation.class.getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getInitiatedClasses")) {
                        return new Class<?>[0];
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static String internalName(Class<?> type) {
        return type.getName().replace('.', '/');
    }
}
