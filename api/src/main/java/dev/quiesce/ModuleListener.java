package dev.quiesce;

/** Hears about modules being unloaded, so a host can drop its own references to them. */
@FunctionalInterface
public interface ModuleListener {

    /**
     * The module is drained and torn down: drop every reference to its objects, classes and class loader now, or
     * the collection check that follows reports it {@code RETAINED}. Called on the unloading thread.
     */
    void unloaded(String module);

    /** The module started draining: new calls are refused from now on. Called on the unloading thread. */
    default void draining(String module) {
    }

    /**
     * The drain ended without a teardown (it timed out, the unloading thread was interrupted, or the unload failed
     * before its teardown): the module is {@code ACTIVE} again, untouched, and admits calls. Called on the unloading
     * thread, after the module's {@code @OnResume} hooks.
     */
    default void resumed(String module) {
    }
}
