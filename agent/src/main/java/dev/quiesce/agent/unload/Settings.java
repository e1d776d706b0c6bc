package dev.quiesce.agent.unload;

import java.time.Duration;

/**
 * The unload protocol's settings, from the agent arguments.
 *
 * @param collectTimeout how long to wait for a torn-down module's class loader to be collected
 */
public record Settings(Duration collectTimeout) {
}
