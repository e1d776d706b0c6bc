package dev.quiesce.agent;

import dev.quiesce.ModuleInfo;
import dev.quiesce.Quiesce;
import dev.quiesce.agent.instrument.ModuleTransformer;
import dev.quiesce.agent.unload.ModuleRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * At attach: retransforms the module classes that were loaded before the agent, so that calls made from now on are
 * counted. A class is a candidate if its loader is neither a built-in one nor {@link BootDefinition}'s, it is not a
 * JDK reflection accessor, and the transformer's first look, at its name and at its class file from
 * {@code getResourceAsStream}, says it may be a module class; a class whose file cannot be read is retransformed
 * anyway and the transformer decides on the original bytes. Calls already running keep the old bytecode and are never
 * counted; the registry is told which classes those are, so an unload can find them on thread stacks. Classes are
 * retransformed in batches; a batch that fails is retried class by class, and a class that still fails is logged and
 * left as it was.
 */
final class AttachRetransformer {
    private static final System.Logger LOG = System.getLogger("dev.quiesce");
    private static final int BATCH = 64;
    /** The package of the reflection accessors JDK 17 generates in loaders of their own: never module classes. */
    private static final String REFLECTION_ACCESSORS = "jdk.internal.reflect.";

    private final Instrumentation instrumentation;
    private final ModuleTransformer transformer;
    private final ModuleRegistry registry;
    private final ClassLoader platformLoader = ClassLoader.getPlatformClassLoader();
    private final ClassLoader systemLoader = ClassLoader.getSystemClassLoader();

    AttachRetransformer(Instrumentation instrumentation, ModuleTransformer transformer, ModuleRegistry registry) {
        this.instrumentation = instrumentation;
        this.transformer = transformer;
        this.registry = registry;
    }

    /** Retransforms the candidates; returns one line for the operator. The caller then calls {@code attachDone}. */
    String run() {
        Map<ClassLoader, List<Class<?>>> candidates = candidatesByLoader();
        candidates.forEach((loader, classes) -> registry.expectUncountedCalls(loader,
                classes.stream().map(Class::getName).collect(Collectors.toSet())));
        List<Class<?>> all = candidates.values().stream().flatMap(List::stream).collect(Collectors.toList());
        int failed = 0;
        for (int from = 0; from < all.size(); from += BATCH) {
            failed += retransform(all.subList(from, Math.min(all.size(), from + BATCH)));
        }
        Set<String> modules = new TreeSet<>();
        candidates.keySet().forEach(loader -> Quiesce.moduleOf(loader).map(ModuleInfo::name).ifPresent(modules::add));
        return "retransformed " + (all.size() - failed) + " loaded class(es); " + (modules.isEmpty()
                ? "no module found among them" : "module(s) found: " + String.join(", ", modules))
                + (failed == 0 ? "" : "; " + failed + " class(es) could not be retransformed (see the JVM's log)");
    }

    private Map<ClassLoader, List<Class<?>>> candidatesByLoader() {
        Map<ClassLoader, List<Class<?>>> byLoader = new IdentityHashMap<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            ClassLoader loader = type.getClassLoader();
            if (loader != null && loader != systemLoader && loader != platformLoader
                    && !(loader instanceof BootDefinition.DefinerLoader) && !type.isHidden()
                    && !type.isArray() && !type.getName().startsWith(REFLECTION_ACCESSORS)
                    && instrumentation.isModifiableClass(type) && isCandidate(type, loader)) {
                byLoader.computeIfAbsent(loader, l -> new ArrayList<>()).add(type);
            }
        }
        return byLoader;
    }

    private boolean isCandidate(Class<?> type, ClassLoader loader) {
        String internalName = type.getName().replace('.', '/');
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in == null || transformer.isCandidate(internalName, in.readAllBytes());
        } catch (IOException | RuntimeException | LinkageError e) {
            return true;
        }
    }

    /** Returns how many classes could not be retransformed. */
    private int retransform(List<Class<?>> batch) {
        try {
            instrumentation.retransformClasses(batch.toArray(Class<?>[]::new));
            return 0;
        } catch (Exception | LinkageError e) {
            int failed = 0;
            for (Class<?> type : batch) {
                try {
                    instrumentation.retransformClasses(type);
                } catch (Exception | LinkageError single) {
                    failed++;
                    LOG.log(System.Logger.Level.WARNING, "quiesce: could not retransform " + type.getName()
                            + "; it runs as it was, and its calls are not counted: " + single);
                }
            }
            return failed;
        }
    }
}
