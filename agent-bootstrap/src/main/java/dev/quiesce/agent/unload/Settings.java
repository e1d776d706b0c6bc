package dev.quiesce.agent.unload;

import java.time.Duration;

/**
 * The unload protocol's settings, from the agent arguments.
 *
 * @param collectTimeout how long to wait for a torn-down module's class loader to be collected
 * @param explicitGc     whether the collection check may call {@code System.gc()}; if not, it waits for a normal GC
 * @param fixLeaks       whether to apply the safe leak fixes after the teardown
 */
public record Settings(Duration collectTimeout, boolean explicitGc, boolean fixLeaks) {
}
