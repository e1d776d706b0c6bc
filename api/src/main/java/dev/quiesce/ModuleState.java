package dev.quiesce;

/** The life of a module, in order. A drain that times out goes from {@code DRAINING} back to {@code ACTIVE}. */
public enum ModuleState {
    /** Calls are admitted. */
    ACTIVE,
    /** New calls are refused; the unloader waits for the calls in flight to leave. */
    DRAINING,
    /** No call is inside; teardown hooks and host listeners run. */
    TEARING_DOWN,
    /** Torn down; every call is refused. The loader is collected once nothing else holds it. */
    UNLOADED
}
