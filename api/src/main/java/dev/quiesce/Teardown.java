package dev.quiesce;

/**
 * A teardown begun by {@link Quiesce#beginTearDown}: the host's own teardown code runs between the begin and
 * {@link #end}, on the thread that began it, for a framework whose stop is not one call a {@link Runnable} can wrap
 * (Tomcat stops a webapp between two lifecycle events).
 *
 * <p>If {@link #drained()}, the module is {@code TEARING_DOWN}: its {@code @OnUnload} hooks have run, every call of
 * another thread is refused, and the beginning thread is counted in as a call inside the module, so the host's code
 * may call into it. {@link #end} counts that thread out, tells the listeners and leaves the module {@code UNLOADED},
 * waiting for {@link Quiesce#checkCollected}. If the drain timed out, the module is {@code ACTIVE} and untouched, and
 * {@link #end} only returns the {@code TIMED_OUT} report.
 */
public interface Teardown extends AutoCloseable {
    /** Whether the drain finished: the module is torn down from the begin on, and the host's teardown may run. */
    boolean drained();

    /**
     * Ends the teardown: {@code TORN_DOWN} (or the begin's {@code TIMED_OUT}). Call it once, on the thread that
     * began the teardown; a second call returns the same report.
     *
     * @throws IllegalStateException if called from another thread while the teardown is open
     */
    UnloadReport end();

    /** {@link #end}, for try-with-resources. */
    @Override
    void close();
}
