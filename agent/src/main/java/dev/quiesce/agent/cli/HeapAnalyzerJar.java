package dev.quiesce.agent.cli;

import dev.quiesce.agent.AgentJar;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The heap analyzer (Shark, with Kotlin and Okio), nested in the agent jar so that the host never sees it: a jar
 * inside a jar is not on any class path. The CLI extracts it and loads it in a class loader of its own, whose parent
 * is the platform loader; only JDK types cross (see {@code dev.quiesce.analyzer.LoaderPaths}).
 */
final class HeapAnalyzerJar implements AutoCloseable {
    static final String ENTRY = "META-INF/quiesce/quiesce-heap-analyzer.jar";
    private static final String ANALYZER = "dev.quiesce.analyzer.LoaderPaths";

    private final URLClassLoader loader;
    private final BiFunction<Path, List<String>, Map<String, Object>> analyzer;

    private HeapAnalyzerJar(URLClassLoader loader, BiFunction<Path, List<String>, Map<String, Object>> analyzer) {
        this.loader = loader;
        this.analyzer = analyzer;
    }

    /** Extracts the analyzer into {@code directory} and loads it. */
    @SuppressWarnings("unchecked")
    static HeapAnalyzerJar load(Path directory) throws CliException {
        Path jar = directory.resolve("quiesce-heap-analyzer.jar");
        try {
            if (!AgentJar.extract(ENTRY, jar)) {
                throw new CliException(ExitCode.FAILED, AgentJar.incomplete(ENTRY).getMessage()
                        + "; rebuild it with mvn package");
            }
            URLClassLoader loader = new URLClassLoader("quiesce-heap-analyzer", new URL[] {jar.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Object analyzer = loader.loadClass(ANALYZER).getConstructor().newInstance();
            return new HeapAnalyzerJar(loader, (BiFunction<Path, List<String>, Map<String, Object>>) analyzer);
        } catch (IOException | IllegalStateException | ReflectiveOperationException e) {
            throw new CliException(ExitCode.FAILED, "cannot load the heap analyzer from quiesce-agent.jar: " + e);
        }
    }

    /** See {@code LoaderPaths.apply}. */
    Map<String, Object> analyze(Path hprof, List<String> modules) {
        return analyzer.apply(hprof, modules);
    }

    @Override
    public void close() {
        try {
            loader.close();
        } catch (IOException e) {
            // Only the jar file stays open; its directory is deleted by the caller if it can be.
        }
    }
}
