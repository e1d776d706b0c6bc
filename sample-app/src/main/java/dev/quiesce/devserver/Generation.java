package dev.quiesce.devserver;

import dev.quiesce.ModuleUnloadedException;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * One loaded generation of a plugin: its own class loader over a private copy of the jar, the plugin's entry object,
 * and the Quiesce module id the agent gave it ({@code hello}, {@code hello#2}, ...). Its loader and entry object
 * are the host's only strong references to the plugin; {@link #release()} drops them once Quiesce has torn the
 * module down.
 */
final class Generation {
    private final String route;
    private final String jar;
    private final String module;
    private final Instant loadedAt = Instant.now();
    private final Path copy;
    private final String entryClass;
    private volatile Function<Map<String, String>, String> plugin;
    private volatile URLClassLoader loader;

    Generation(String route, String jar, String module, URLClassLoader loader,
               Function<Map<String, String>, String> plugin, Path copy) {
        this.route = route;
        this.jar = jar;
        this.module = module;
        this.loader = loader;
        this.plugin = plugin;
        this.copy = copy;
        entryClass = plugin.getClass().getName();
    }

    /** Thrown when the generation refused a call before the plugin's body ran: the call may be retried. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused() {
            super("refused before the plugin ran", null, false, false);
        }
    }

    String route() {
        return route;
    }

    /** The jar's file name in the plugins directory. */
    String jar() {
        return jar;
    }

    /** The Quiesce module id of this generation. */
    String module() {
        return module;
    }

    Instant loadedAt() {
        return loadedAt;
    }

    /**
     * Calls the plugin. A {@link ModuleUnloadedException} from inside its body (a nested call into another module,
     * its own module called back from another thread) is the plugin's failure, thrown as it is.
     *
     * @throws Refused if this generation is draining or gone and refused the call: the plugin did not run
     */
    String call(Map<String, String> request) throws Refused {
        Function<Map<String, String>, String> p = plugin;
        if (p == null) {
            throw new Refused();
        }
        try {
            return p.apply(request);
        } catch (ModuleUnloadedException e) {
            if (EntryRefusal.refusedTheCall(e, module, entryClass)) {
                throw new Refused();
            }
            throw e;
        }
    }

    /** Drops the host's references to the plugin, closes its class loader and deletes the jar copy. */
    void release() {
        plugin = null;
        URLClassLoader l = loader;
        loader = null;
        discard(l, copy);
    }

    /** Closes a loader (null: none) and deletes its jar copy. */
    static void discard(URLClassLoader loader, Path copy) {
        try {
            if (loader != null) {
                loader.close();
            }
            Files.deleteIfExists(copy);
        } catch (IOException e) {
            Log.say("unload", "could not clean up " + copy + ": " + e);
        }
    }
}
