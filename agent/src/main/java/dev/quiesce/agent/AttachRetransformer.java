package dev.quiesce.agent;

import dev.quiesce.ModuleInfo;
import dev.quiesce.Quiesce;
import dev.quiesce.agent.instrument.ModuleTransformer;
import dev.quiesce.agent.instrument.Retransformer;
import dev.quiesce.agent.unload.UnloadableModule;
import dev.quiesce.agent.unload.ModuleRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
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
 * anyway and the transformer decides on the original bytes. Then, as for classes loaded from now on, every other
 * loaded class of a loader that turned out to be a module whose every class is module code (it defined an
 * {@code @Unloadable} class) is retransformed too: unannotated, inner and anonymous classes. Calls already running
 * keep the old bytecode and are never counted; the registry is told which classes those are (all of both passes,
 * before each), so an unload can find them on thread stacks. Classes are retransformed in batches
 * ({@link Retransformer}); a class that still fails is logged and left as it was, and a whole-loader module it
 * belongs to refuses to unload. A retransformation adds no method or field, as the JVM requires.
 */
final class AttachRetransformer {
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
        Map<ClassLoader, List<Class<?>>> loaded = modifiableByLoader();
        Map<ClassLoader, List<Class<?>>> candidates = new IdentityHashMap<>();
        loaded.forEach((loader, classes) -> {
            List<Class<?>> chosen = classes.stream().filter(type -> isCandidate(type, loader)).toList();
            if (!chosen.isEmpty()) {
                candidates.put(loader, chosen);
            }
        });
        candidates.forEach((loader, classes) -> registry.expectUncountedCalls(loader, namesOf(classes)));
        int failed = retransformAll(candidates);
        Map<ClassLoader, List<Class<?>>> rest = restOfWholeLoaderModules(loaded, candidates);
        rest.forEach((loader, classes) -> {
            Set<String> names = namesOf(classes);
            names.addAll(namesOf(candidates.getOrDefault(loader, List.of())));
            registry.expectUncountedCalls(loader, names);
        });
        failed += retransformAll(rest);
        int done = count(candidates) + count(rest);
        Set<String> modules = new TreeSet<>();
        candidates.keySet().forEach(loader -> Quiesce.moduleOf(loader).map(ModuleInfo::id).ifPresent(modules::add));
        return "retransformed " + (done - failed) + " loaded class(es); " + (modules.isEmpty()
                ? "no module found among them" : "module(s) found: " + String.join(", ", modules))
                + (failed == 0 ? "" : "; " + failed + " class(es) could not be retransformed (see the JVM's log)");
    }

    /** The loaded classes the first pass did not take, of loaders whose every class is module code. */
    private Map<ClassLoader, List<Class<?>>> restOfWholeLoaderModules(Map<ClassLoader, List<Class<?>>> loaded,
                                                                      Map<ClassLoader, List<Class<?>>> taken) {
        Map<ClassLoader, List<Class<?>>> rest = new IdentityHashMap<>();
        for (ClassLoader loader : taken.keySet()) {
            if (registry.wholeLoaderModule(loader) != null) {
                List<Class<?>> others = new ArrayList<>(loaded.get(loader));
                others.removeAll(taken.get(loader));
                if (!others.isEmpty()) {
                    rest.put(loader, others);
                }
            }
        }
        return rest;
    }

    private int retransformAll(Map<ClassLoader, List<Class<?>>> byLoader) {
        List<Class<?>> all = byLoader.values().stream().flatMap(List::stream).collect(Collectors.toList());
        return Retransformer.retransform(instrumentation, all, this::couldNotRetransform);
    }

    /** A class that failed: its module, if the loader is a whole-loader one by now, refuses to unload. */
    private void couldNotRetransform(Class<?> type, Throwable cause) {
        UnloadableModule module = registry.wholeLoaderModule(type.getClassLoader());
        if (module != null) {
            module.couldNotInstrument(type.getName(), cause);
        }
    }

    private static int count(Map<ClassLoader, List<Class<?>>> byLoader) {
        return byLoader.values().stream().mapToInt(List::size).sum();
    }

    private static Set<String> namesOf(List<Class<?>> classes) {
        return classes.stream().map(Class::getName).collect(Collectors.toCollection(HashSet::new));
    }

    private Map<ClassLoader, List<Class<?>>> modifiableByLoader() {
        Map<ClassLoader, List<Class<?>>> byLoader = new IdentityHashMap<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            ClassLoader loader = type.getClassLoader();
            if (loader != null && loader != systemLoader && loader != platformLoader
                    && !(loader instanceof BootDefinition.DefinerLoader) && !type.isHidden()
                    && !type.isArray() && !type.getName().startsWith(REFLECTION_ACCESSORS)
                    && instrumentation.isModifiableClass(type)) {
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
}
