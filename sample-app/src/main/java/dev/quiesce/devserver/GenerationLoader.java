package dev.quiesce.devserver;

import dev.quiesce.ModuleInfo;
import dev.quiesce.Quiesce;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.jar.JarFile;

/**
 * Loads a plugin jar as a new generation. The jar is copied first, so replacing the file in the plugins directory
 * never disturbs a loaded generation. Its class loader's parent is the platform loader: the plugin sees the JDK and
 * nothing of the host. The plugin contract, shared JDK types only: the jar names its entry class in
 * {@code META-INF/services/java.util.function.Function}; the class is {@code @Unloadable}, public, has a public
 * no-arg constructor and implements {@code Function<Map<String, String>, String>} (see {@link PluginRequests}).
 */
final class GenerationLoader {
    static final String SERVICE = "META-INF/services/" + Function.class.getName();

    private final Path copies;
    private final AtomicInteger copiesMade = new AtomicInteger();

    /** Thrown when a jar cannot become a generation; the message says why and what to do. */
    static final class LoadFailure extends Exception {
        private static final long serialVersionUID = 1L;

        LoadFailure(String message) {
            super(message);
        }
    }

    GenerationLoader(Path copies) {
        this.copies = copies;
    }

    Generation load(String route, Path jar) throws LoadFailure {
        Path copy = copies.resolve(route + "-" + copiesMade.incrementAndGet() + ".jar");
        URLClassLoader loader = null;
        try {
            Files.copy(jar, copy);
            checkIsPluginJar(copy);
            loader = new URLClassLoader(route, new URL[] {copy.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Function<Map<String, String>, String> plugin = entryObject(loader);
            String module = Quiesce.moduleOf(loader).map(ModuleInfo::id).orElseThrow(() -> new LoadFailure(
                    "its entry class " + plugin.getClass().getName() + " was not instrumented: annotate it with"
                            + " @dev.quiesce.Unloadable(\"" + route + "\")"));
            return new Generation(route, jar.getFileName().toString(), module, loader, plugin, copy);
        } catch (IOException e) {
            Generation.discard(loader, copy);
            throw new LoadFailure("cannot read it: " + e);
        } catch (LoadFailure e) {
            Generation.discard(loader, copy);
            throw e;
        }
    }

    private static void checkIsPluginJar(Path jar) throws LoadFailure {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            if (file.getEntry(SERVICE) == null) {
                throw new LoadFailure("it has no " + SERVICE + ": add that file, naming the plugin's @Unloadable"
                        + " entry class");
            }
        } catch (IOException e) {
            throw new LoadFailure("it is not a readable jar (" + e.getMessage() + ")");
        }
    }

    @SuppressWarnings("unchecked")
    private static Function<Map<String, String>, String> entryObject(ClassLoader loader) throws LoadFailure {
        try {
            return ServiceLoader.load(Function.class, loader).findFirst()
                    .orElseThrow(() -> new LoadFailure(SERVICE + " names no class"));
        } catch (ServiceConfigurationError | LinkageError e) {
            // Only the text is kept: the error's backtrace runs through the plugin and would pin its loader.
            throw new LoadFailure(causes(e));
        }
    }

    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            text.append("; caused by ").append(cause);
        }
        return text.toString();
    }
}
