package dev.quiesce;

import dev.quiesce.spi.Backend;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The host's API: look up modules, unload one with a drain timeout, and hear when a module is gone.
 * Needs the Quiesce agent ({@code -javaagent:quiesce-agent.jar}); without it every method but
 * {@link #isInstalled()} throws {@link IllegalStateException} saying so.
 */
public final class Quiesce {
    private static volatile Backend backend;

    private Quiesce() {
    }

    /** Whether the agent is installed in this JVM. */
    public static boolean isInstalled() {
        return backend != null;
    }

    /** Every module the agent knows, live ones first, then recently unloaded ones. */
    public static List<ModuleInfo> modules() {
        return backend().modules();
    }

    /** The module with this id, e.g. {@code billing} or {@code billing#2}. */
    public static Optional<ModuleInfo> module(String name) {
        Objects.requireNonNull(name, "name");
        return backend().modules().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The live module whose classes this loader defines, if any of them has been instrumented. */
    public static Optional<ModuleInfo> moduleOf(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        return backend().moduleOf(loader);
    }

    /**
     * Unloads a module: refuse new calls, wait up to {@code drainTimeout} for the calls in flight, run its
     * {@code @OnUnload} hooks, tell the listeners, drop the agent's references, fix the leaks that are safe to fix
     * (unless {@code fix-leaks=false}) and check that its class loader was collected, naming what holds it if not.
     * A drain that times out leaves the module {@code ACTIVE} and untouched.
     *
     * @throws UnloadRefusedException if the module is unknown, already draining or unloaded, or the calling thread
     *                                is inside the module
     */
    public static UnloadReport unload(String module, Duration drainTimeout) {
        Objects.requireNonNull(module, "module");
        if (drainTimeout == null || drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout must be zero or positive, was " + drainTimeout);
        }
        return backend().unload(module, drainTimeout);
    }

    /** Registers a listener for every module. */
    public static void addListener(ModuleListener listener) {
        backend().addListener(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added before; no effect if it was not. */
    public static void removeListener(ModuleListener listener) {
        backend().removeListener(listener);
    }

    /** Called once by the agent when it starts. Not for applications. */
    public static synchronized void install(Backend implementation) {
        if (backend != null) {
            throw new IllegalStateException("Quiesce is already installed");
        }
        backend = Objects.requireNonNull(implementation);
    }

    private static Backend backend() {
        Backend b = backend;
        if (b == null) {
            throw new IllegalStateException("the Quiesce agent is not installed in this JVM: start it with "
                    + "-javaagent:/path/to/quiesce-agent.jar");
        }
        return b;
    }
}
