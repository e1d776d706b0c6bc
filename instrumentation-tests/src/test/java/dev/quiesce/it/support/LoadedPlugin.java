package dev.quiesce.it.support;

import static org.awaitility.Awaitility.await;

import dev.quiesce.ModuleInfo;
import dev.quiesce.ModuleState;
import dev.quiesce.ModuleUnloadedException;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A module under test: the only strong reference to its loader and objects is {@link #instance}, dropped by
 * {@link #drop()}. An exception thrown through module frames pins the module's classes by its backtrace while it is
 * held, so {@link #refusal} and {@link #failure} return strings; {@link #call} lets such exceptions through, and
 * {@link #refusedException} returns one, for tests that check it does not pin the module.
 */
public final class LoadedPlugin {
    private Object instance;
    private final String id;

    private LoadedPlugin(Object instance, String id) {
        this.instance = instance;
        this.id = id;
    }

    public static LoadedPlugin load(String loaderName, boolean nullParent, String className) {
        URLClassLoader loader = Plugins.newLoader(loaderName, nullParent);
        return new LoadedPlugin(Plugins.newInstance(loader, className), Plugins.moduleId(loader));
    }

    public String id() {
        return id;
    }

    public ModuleInfo info() {
        return Plugins.info(id);
    }

    /** The module object itself, for a host that calls it through a JDK interface. */
    public Object instance() {
        return instance;
    }

    public Object call(String method, Object... args) {
        return Plugins.call(instance, method, args);
    }

    public Object callStatic(String method, Object... args) {
        return Plugins.call(instance.getClass(), method, args);
    }

    /** Calls a method that must be refused; returns the refusal's state and message. */
    public String refusal(String method, Object... args) {
        ModuleUnloadedException refused = refusedException(method, args);
        return refused.state() + ": " + refused.getMessage();
    }

    /** Calls a method that must be refused; returns the exception (it must not pin the module). */
    public ModuleUnloadedException refusedException(String method, Object... args) {
        try {
            Plugins.call(instance, method, args);
        } catch (ModuleUnloadedException e) {
            return e;
        }
        throw new AssertionError(method + " was not refused");
    }

    /** Calls a method that must throw; returns the exception's class name and message. */
    public String failure(String method, Object... args) {
        try {
            Plugins.call(instance, method, args);
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        throw new AssertionError(method + " did not throw");
    }

    public HeldCall hold(String method, String threadName) {
        return HeldCall.start(instance, method, threadName);
    }

    public CompletableFuture<UnloadReport> unloadAsync(Duration timeout) {
        String module = id;
        return CompletableFuture.supplyAsync(() -> Quiesce.unload(module, timeout));
    }

    public void awaitState(ModuleState state) {
        await().atMost(Duration.ofSeconds(10)).until(() -> info().state() == state);
    }

    /** Drops the last strong reference the test holds to the module. */
    public void drop() {
        instance = null;
    }
}
