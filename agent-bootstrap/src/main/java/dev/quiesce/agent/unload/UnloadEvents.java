package dev.quiesce.agent.unload;

import dev.quiesce.UnloadReport;

/**
 * What an unload tells operators' tools (JMX notifications, Flight Recorder) as it goes, so that the protocol does
 * not depend on them. Called on the unloading thread, in this order: {@code draining}, then either {@code finished}
 * with {@code TIMED_OUT}, or {@code drained}, {@code tornDown} and {@code finished} with {@code COLLECTED} or
 * {@code RETAINED}. Unloads of different modules may interleave. An implementation must be quick and must not hold
 * the module's classes or loader. What it throws never stops the unload: it is logged and named in the report's
 * problems (from {@code finished}, only logged); see {@link Problems} for the errors rethrown at the unload's end.
 */
public interface UnloadEvents {
    /** New calls are refused from now on; {@code inFlight} calls are inside. */
    default void draining(String module, long inFlight) {
    }

    /** No call is inside any more, after {@code drainMillis}. Teardown starts. */
    default void drained(String module, long drainMillis) {
    }

    /** Teardown hooks and host listeners ran, in {@code teardownMillis}; the agent dropped its references. */
    default void tornDown(String module, long teardownMillis) {
    }

    /** The unload ended; {@code refusedCalls} calls were refused while it ran. */
    default void finished(UnloadReport report, long refusedCalls) {
    }
}
