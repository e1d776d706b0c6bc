package dev.quiesce.sample;

import dev.quiesce.ModuleInfo;
import dev.quiesce.Quiesce;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A minimal plugin host: loads a plugin jar into a class loader of its own (parent: the platform loader, so the
 * plugin sees the JDK but not the host), finds its {@code Function<String, String>} through
 * {@link ServiceLoader}, and routes calls to it. The route is the host's only reference to the plugin.
 */
final class PluginHost {
    private final AtomicReference<Function<String, String>> route = new AtomicReference<>();

    /** Loads the plugin and routes calls to it; returns its module id. */
    String deploy(Path jar, String loaderName) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("plugin jar not found: " + jar + " (build it with: mvn -B package -DskipTests)");
        }
        URLClassLoader loader = new URLClassLoader(loaderName, new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        @SuppressWarnings("unchecked")
        Function<String, String> plugin = ServiceLoader.load(Function.class, loader).findFirst()
                .orElseThrow(() -> new IOException(jar + " declares no java.util.function.Function service"));
        route.set(plugin);
        return Quiesce.moduleOf(loader).map(ModuleInfo::name).orElseThrow(() -> new IllegalStateException(
                "the plugin's classes were not instrumented: is its main class annotated @Unloadable?"));
    }

    /** The plugin as a caller that looked it up earlier would still hold it. */
    Function<String, String> current() {
        return route.get();
    }

    /** Calls the routed plugin; null once nothing is routed. */
    String call(String caller) {
        Function<String, String> plugin = route.get();
        return plugin == null ? null : plugin.apply(caller);
    }

    /** Stops routing to the plugin (what a redeploy does before it unloads the old generation). */
    void undeploy() {
        route.set(null);
    }
}
