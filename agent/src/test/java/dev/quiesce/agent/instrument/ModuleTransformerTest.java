package dev.quiesce.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.agent.instrument.fixtures.Shapes;
import dev.quiesce.agent.unload.ModuleRegistry;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

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

    @Test
    void aClassSplitAsItLoadedIsSplitAgainWhenRetransformedAndOneLoadedBeforeStaysUnsplit() throws IOException {
        byte[] original = ConstantPoolScanTest.classFile(Shapes.class);
        byte[] loaded = transformer.transform(pluginLoader, internalName(Shapes.class), null, null, original);
        assertTrue(methods(loaded).contains("quiesce$notAnEntryPoint()I"), "split as it loaded");
        byte[] retransformed = transformer.transform(pluginLoader, internalName(Shapes.class), Shapes.class, null,
                original);
        assertEquals(methods(loaded), methods(retransformed), "a retransformation may neither add nor drop a method");

        ClassLoader attachedLater = new URLClassLoader("attached-later", new URL[0], null);
        byte[] unsplit = transformer.transform(attachedLater, internalName(Shapes.class), Shapes.class, null,
                original);
        assertEquals(methods(original), methods(unsplit), "a class loaded before it was module code is not split");
    }

    /** The methods a class file declares, as name + descriptor. */
    private static Set<String> methods(byte[] classFile) {
        Set<String> methods = new TreeSet<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                methods.add(name + descriptor);
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return methods;
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
