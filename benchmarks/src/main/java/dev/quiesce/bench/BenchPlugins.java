package dev.quiesce.bench;

import dev.quiesce.Quiesce;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads benchmark plugins from the test plugins jar ({@code -Dquiesce.plugins=...}) into loaders of their own. */
final class BenchPlugins {
    private BenchPlugins() {
    }

    static URLClassLoader newLoader(String name) throws Exception {
        String jar = System.getProperty("quiesce.plugins");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("-Dquiesce.plugins must name test-plugins/target/quiesce-test-plugins.jar"
                    + " (run the benchmarks with benchmarks/run.sh), was " + jar);
        }
        return new URLClassLoader(name, new URL[] {Path.of(jar).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    static Object newInstance(ClassLoader loader, String className) throws Exception {
        return loader.loadClass(className).getConstructor().newInstance();
    }

    /** Fails unless the agent counts this loader's classes. */
    static String requireModule(ClassLoader loader) {
        try {
            return Quiesce.moduleOf(loader).orElseThrow().id();
        } catch (NoClassDefFoundError | RuntimeException e) {
            throw new IllegalStateException("the Quiesce agent is not counting the benchmark module: run with"
                    + " -javaagent:agent/target/quiesce-agent.jar (benchmarks/run.sh does)", e);
        }
    }
}
