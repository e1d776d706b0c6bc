package dev.quiesce.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Defines the runtime's classes in the boot loader without touching its search path. Appending to that path once
 * the JVM runs makes HotSpot print "Sharing is only supported for boot loader classes because bootstrap classpath
 * has been appended" and stop sharing platform and application classes; a class defined into the boot loader
 * leaves class data sharing alone. The boot loader cannot find such classes on demand, so every one is defined at
 * once, each after its superclass and interfaces, before any of them is used.
 *
 * <p>This relies on a JDK-internal API, {@code jdk.internal.misc.Unsafe.defineClass} (see {@link UnsafeDefiner}),
 * reached through {@link Instrumentation#redefineModule}; {@link BootRuntime} falls back to appending the nested jar
 * if it fails.
 */
final class BootDefinition {
    private BootDefinition() {
    }

    /**
     * Defines each class of {@code runtime.classFiles()} in the boot loader, but those the boot loader has already (a
     * copy of the agent installed before this one). Throws if a class cannot be defined; classes defined until then
     * stay, and they are the same bytes the nested jar would give.
     */
    static void define(Instrumentation instrumentation, BootstrapJar.Contents runtime)
            throws IOException, ReflectiveOperationException {
        Map<String, byte[]> classFiles = runtime.classFiles();
        List<String> order = supertypeOrder(classFiles);
        if (order.isEmpty()) {
            throw new IOException("the nested jar holds no class");
        }
        boolean someDefined = inBootLoader(order.get(0));
        BiFunction<String, byte[], Class<?>> definer = definer(instrumentation, runtime.definer());
        for (String name : order) {
            if (!someDefined || !inBootLoader(name)) {
                definer.apply(name, classFiles.get(name));
            }
        }
    }

    /**
     * The names of {@code classFiles}, each after its superclass and interfaces when they are among them.
     *
     * @throws IOException if a class file is malformed, is not named as its key, or its supertypes form a cycle
     */
    static List<String> supertypeOrder(Map<String, byte[]> classFiles) throws IOException {
        Map<String, ClassFileHeader> headers = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> entry : classFiles.entrySet()) {
            ClassFileHeader header = ClassFileHeader.read(entry.getValue());
            if (!header.name().equals(entry.getKey())) {
                throw new IOException(entry.getKey() + "'s class file declares " + header.name());
            }
            headers.put(entry.getKey(), header);
        }
        Set<String> ordered = new LinkedHashSet<>();
        Set<String> visiting = new HashSet<>();
        for (String name : headers.keySet()) {
            visit(name, headers, ordered, visiting);
        }
        return new ArrayList<>(ordered);
    }

    private static void visit(String name, Map<String, ClassFileHeader> headers, Set<String> ordered,
                              Set<String> visiting) throws IOException {
        ClassFileHeader header = headers.get(name);
        if (header == null || ordered.contains(name)) {
            return;
        }
        if (!visiting.add(name)) {
            throw new IOException(name + " is its own supertype");
        }
        if (header.superName() != null) {
            visit(header.superName(), headers, ordered, visiting);
        }
        for (String type : header.interfaces()) {
            visit(type, headers, ordered, visiting);
        }
        ordered.add(name);
    }

    private static boolean inBootLoader(String name) {
        try {
            Class.forName(name, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** An {@link UnsafeDefiner} in a loader of its own, the only module {@code jdk.internal.misc} is exported to. */
    @SuppressWarnings("unchecked")
    private static BiFunction<String, byte[], Class<?>> definer(Instrumentation instrumentation, byte[] classFile)
            throws ReflectiveOperationException {
        Class<?> type = new DefinerLoader().define(UnsafeDefiner.class.getName(), classFile);
        Module javaBase = Object.class.getModule();
        instrumentation.redefineModule(javaBase, Set.of(), Map.of("jdk.internal.misc", Set.of(type.getModule())),
                Map.of(), Set.of(), Map.of());
        return (BiFunction<String, byte[], Class<?>>) type.getConstructor().newInstance();
    }

    /**
     * Holds the definer alone; its parent is the boot loader, so it sees nothing of the agent or the host. Unused once
     * the runtime is defined, but it may not be collected yet at attach, which skips it.
     */
    static final class DefinerLoader extends ClassLoader {
        DefinerLoader() {
            super("quiesce-boot-definer", null);
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
