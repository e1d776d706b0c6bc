package dev.quiesce;

import dev.quiesce.spi.Backend;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The host's API: look up modules, make a class loader a module, unload one with a drain timeout (in one step, or
 * as a teardown and a later collection check), and hear when a module is gone.
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
    public static Optional<ModuleInfo> module(String id) {
        Objects.requireNonNull(id, "id");
        return backend().modules().stream().filter(m -> m.id().equals(id)).findFirst();
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
     * If the host registered the module's teardown ({@link #onTearDown}), it runs after the {@code @OnUnload} hooks,
     * as {@link #tearDown} runs its own, before the listeners are told. A drain that times out leaves the module
     * {@code ACTIVE} and untouched.
     *
     * @throws UnloadRefusedException if the module is unknown, already draining or unloaded, or the calling thread
     *                                is inside the module
     */
    public static UnloadReport unload(String module, Duration drainTimeout) {
        Objects.requireNonNull(module, "module");
        return backend().unload(module, drainTimeout);
    }

    /**
     * Makes a class loader a module named {@code name}, before any of its classes loads: every class it defines from
     * then on is a module class (its entry points count their calls), with no {@code @Unloadable} annotation and no
     * {@code guard=} pattern. Its {@code @OnDrain}, {@code @OnResume} and {@code @OnUnload} hooks still run. The
     * module's id is {@code name} for the first generation of that name, then {@code name#2}, {@code name#3}, ...
     *
     * @return the module's id
     * @throws IllegalArgumentException if {@code name} is blank, or the loader is one of the JDK's built-in loaders
     *                                  (they are never unloaded)
     * @throws IllegalStateException    if the loader is already a module (guarded before, or it already defined a
     *                                  module class): guard a new loader before its first class loads
     */
    public static String guard(ClassLoader loader, String name) {
        Objects.requireNonNull(loader, "loader");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a module name must not be blank, was " + (name == null ? "null"
                    : "'" + name + "'") + ": give the module a name such as the plugin's id");
        }
        return backend().guard(loader, name.strip());
    }

    /**
     * Registers the host's teardown of a module (the id {@link #guard} returned): a plugin framework's stop and
     * unload bookkeeping, so that an unload the host did not start itself runs it. Every unload of the module that
     * brings no teardown of its own ({@link #unload}, the MXBean's and the CLI's {@code unload}; not
     * {@link #tearDown} or {@link #beginTearDown}) runs {@code teardown} after the drain and the {@code @OnUnload}
     * hooks, counted in as a call inside the module with no other call inside (it may call into the module), then
     * tells the listeners, fixes the leaks and checks the collection: the report is {@code COLLECTED} or
     * {@code RETAINED}. What {@code teardown} throws is listed in the report's problems, and the module still ends
     * unloaded. A drain that times out leaves the module {@code ACTIVE} and does not run it.
     *
     * <p>The agent holds {@code teardown} until the module is unloaded (by any unload, with or without it), then
     * drops it. So that a loader the host drops without an unload can still be collected, {@code teardown} should
     * hold none of the module's objects, classes or loader: capture the framework and the module's id, and look the
     * rest up when it runs. One teardown per module: each generation of a name is a new module and gets its own.
     *
     * @throws IllegalArgumentException if no live module has this id (unknown, or already unloaded): register right
     *                                  after {@link #guard} returns the id
     * @throws IllegalStateException    if the module already has a teardown registered (it is not replaced), or an
     *                                  unload of it has started
     */
    public static void onTearDown(String module, Runnable teardown) {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(teardown, "teardown");
        backend().onTearDown(module, teardown);
    }

    /**
     * The first half of {@link #unload}, for a host whose framework still holds the module's loader after its
     * teardown: refuse new calls, wait up to {@code drainTimeout} for the calls in flight, run the {@code @OnUnload}
     * hooks, then run {@code teardown} (host code that may call into the module, such as a plugin framework's
     * {@code stop()}) counted in as a call inside the module, with no other call inside; then tell the listeners. The
     * report's outcome is {@link Outcome#TORN_DOWN}, and the module refuses calls for good; the host drops its
     * references, then calls {@link #checkCollected} for the final report. A drain that times out leaves the module
     * {@code ACTIVE} and untouched, and {@code teardown} is not run ({@link Outcome#TIMED_OUT}). What {@code teardown}
     * throws is listed in the report's problems.
     *
     * @throws UnloadRefusedException as {@link #unload} does
     */
    public static UnloadReport tearDown(String module, Duration drainTimeout, Runnable teardown) {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(teardown, "teardown");
        return backend().tearDown(module, drainTimeout, teardown);
    }

    /**
     * {@link #tearDown} in two parts, for a framework whose teardown code runs between two of its own events rather
     * than inside one call: refuse new calls, wait up to {@code drainTimeout} for the calls in flight, run the
     * {@code @OnUnload} hooks and count the calling thread in as a call inside the module, with no other call inside;
     * the host then runs its teardown code on this thread and calls {@link Teardown#end} there, which tells the
     * listeners and returns the {@link Outcome#TORN_DOWN} report. A drain that times out leaves the module
     * {@code ACTIVE} and untouched ({@link Teardown#drained()} is false, {@code end()} returns {@link Outcome#TIMED_OUT}).
     * Until {@code end()}, the module stays {@code TEARING_DOWN}.
     *
     * @throws UnloadRefusedException as {@link #unload} does
     */
    public static Teardown beginTearDown(String module, Duration drainTimeout) {
        Objects.requireNonNull(module, "module");
        return backend().beginTearDown(module, drainTimeout);
    }

    /**
     * The second half of {@link #unload} for a module {@link #tearDown torn down} before: fix the leaks that are safe
     * to fix (unless {@code fix-leaks=false}) and check that its class loader was collected, naming what holds it if
     * not. The report ({@code COLLECTED} or {@code RETAINED}) carries the drain and teardown figures of the teardown.
     * Call it once per teardown, from a frame that holds none of the module's objects, classes or loader.
     *
     * @throws UnloadRefusedException if no module of that id is torn down and waiting for this check
     */
    public static UnloadReport checkCollected(String module) {
        Objects.requireNonNull(module, "module");
        return backend().checkCollected(module);
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
