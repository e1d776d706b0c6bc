package dev.quiesce;

/** How an unload ended. */
public enum Outcome {
    /** Drained, torn down, and the module's class loader was garbage collected. */
    COLLECTED,
    /** Drained and torn down, but something still holds the class loader after the collection check. */
    RETAINED,
    /**
     * Drained and torn down by {@link Quiesce#tearDown} or {@link Quiesce#beginTearDown}; the collection check is still to come
     * ({@link Quiesce#checkCollected}).
     */
    TORN_DOWN,
    /** Calls were still inside at the timeout: the module went back to {@code ACTIVE}, untouched. */
    TIMED_OUT
}
