package dev.quiesce.analyzer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import shark.CloseableHeapGraph;
import shark.HeapAnalysis;
import shark.HeapAnalysisFailure;
import shark.HeapAnalysisSuccess;
import shark.HeapAnalyzer;
import shark.HeapField;
import shark.HeapObject.HeapInstance;
import shark.HprofHeapGraph;
import shark.HprofIndex;
import shark.Leak;
import shark.LeakTrace;
import shark.MetadataExtractor;
import shark.ObjectInspectors;
import shark.OnAnalysisProgressListener;

/**
 * What holds the class loaders of unloaded modules in a heap dump: for each, the shortest paths from GC roots, one
 * per distinct way it is held, found by Shark's breadth-first search over strong references; if there is none, over
 * soft references too. The CLI calls it as a {@link BiFunction} from a class loader of its own, so only JDK types
 * cross: see {@link #apply}.
 *
 * <p>Implementation notes. The search targets every object that pins the loader ({@link PinningObjects}), not just
 * the loader: a heap dump has no edge from an object to its class or from a class to its loader, so a host field
 * holding a plugin object would otherwise lead nowhere. Shark keeps, of paths that cross another target, only the
 * shorter, so each path printed ends at the first of the module's objects on it. Modules are searched one at a time,
 * so two generations of one plugin, whose classes share names, are never confused.
 */
public final class LoaderPaths implements BiFunction<Path, List<String>, Map<String, Object>> {
    /** Distinct ways of holding one loader that are printed; more are counted. */
    static final int MAX_PATHS = 10;

    /**
     * @param hprof  a heap dump of a JVM running the Quiesce agent
     * @param wanted module ids or names to explain; empty for every unloaded module whose loader is in the dump
     * @return {@code unloaded}: the ids of the unloaded modules whose loader is in the dump; {@code others}: the ids
     *     of modules not unloaded; {@code modules}: for each wanted one found, {@code module}, {@code loader},
     *     {@code strength}
     *     ({@code strong}, {@code soft} or {@code none}), {@code paths} (see {@link PathSteps#of}) and
     *     {@code morePaths}; {@code names}: every module's name (the id without the generation suffix), by id
     * @throws IllegalArgumentException if the file is not a heap dump of a JVM running the agent
     * @throws UncheckedIOException if it cannot be read
     */
    @Override
    public Map<String, Object> apply(Path hprof, List<String> wanted) {
        File file = hprof.toFile();
        try (CloseableHeapGraph graph = HprofHeapGraph.Companion.openHeapGraph(file, null,
                HprofIndex.Companion.defaultIndexedGcRootTags())) {
            DumpedRegistry registry = DumpedRegistry.read(graph);
            List<DumpedRegistry.Unloaded> chosen = registry.unloaded.stream().filter(module -> wanted.isEmpty()
                    || wanted.contains(module.id()) || wanted.contains(module.name())).toList();
            Map<Long, Set<Long>> pinning = PinningObjects.of(graph,
                    chosen.stream().map(DumpedRegistry.Unloaded::loaderId).toList());
            List<Map<String, Object>> modules = new ArrayList<>();
            for (DumpedRegistry.Unloaded module : chosen) {
                modules.add(explain(file, graph, module, pinning.get(module.loaderId())));
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("unloaded", registry.unloaded.stream().map(DumpedRegistry.Unloaded::id).toList());
            result.put("others", registry.others);
            result.put("modules", modules);
            result.put("names", registry.names);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the heap dump " + hprof + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof DumpedRegistry.NotAQuiesceDump) {
                throw e;
            }
            throw new IllegalArgumentException("cannot analyse " + hprof + " (is it a whole HPROF heap dump?): " + e, e);
        }
    }

    private static Map<String, Object> explain(File file, CloseableHeapGraph graph, DumpedRegistry.Unloaded module,
                                               Set<Long> pinning) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("module", module.id());
        result.put("loader", describeLoader(graph, module.loaderId()));
        for (Strength strength : Strength.values()) {
            List<LeakTrace> traces = shortestPerWay(file, graph, pinning, strength);
            if (!traces.isEmpty()) {
                result.put("strength", strength.name().toLowerCase());
                result.put("paths", traces.stream().limit(MAX_PATHS).map(PathSteps::of).toList());
                result.put("morePaths", Math.max(0, traces.size() - MAX_PATHS));
                return result;
            }
        }
        result.put("strength", "none");
        result.put("paths", List.of());
        result.put("morePaths", 0);
        return result;
    }

    /** "'billing' java.net.URLClassLoader", as the agent's module listing names it, less the identity hash. */
    private static String describeLoader(CloseableHeapGraph graph, long loaderId) {
        HeapInstance loader = graph.findObjectById(loaderId).getAsInstance();
        HeapField name = loader == null ? null : loader.get("java.lang.ClassLoader", "name");
        String text = name == null ? null : name.getValue().readAsJavaString();
        String type = loader == null ? "class loader" : loader.getInstanceClassName();
        return text == null ? type : "'" + text + "' " + type;
    }

    /** The shortest path of each group Shark makes of paths that differ only in array indexes and the like. */
    private static List<LeakTrace> shortestPerWay(File file, CloseableHeapGraph graph, Set<Long> pinning,
                                                  Strength strength) {
        HeapAnalysis analysis = new HeapAnalyzer(OnAnalysisProgressListener.Companion.getNO_OP()).analyze(file, graph,
                heap -> pinning, strength.ignored, false, ObjectInspectors.Companion.getJdkDefaults(),
                MetadataExtractor.Companion.getNO_OP());
        if (analysis instanceof HeapAnalysisFailure failure) {
            throw new IllegalStateException("Shark could not analyse the dump: " + failure.getException().getMessage(),
                    failure.getException());
        }
        HeapAnalysisSuccess success = (HeapAnalysisSuccess) analysis;
        List<Leak> leaks = new ArrayList<>(success.getApplicationLeaks());
        leaks.addAll(success.getLibraryLeaks());
        return leaks.stream()
                .map(leak -> leak.getLeakTraces().stream()
                        .min(Comparator.comparingInt(trace -> trace.getReferencePath().size())).orElseThrow())
                .sorted(Comparator.comparingInt(trace -> trace.getReferencePath().size()))
                .toList();
    }
}
