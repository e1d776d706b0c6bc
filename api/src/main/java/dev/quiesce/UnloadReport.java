package dev.quiesce;

import java.util.List;

/**
 * What an unload did.
 *
 * @param module          the module's id
 * @param outcome         how it ended
 * @param inFlightAtStart calls inside the module when draining started, carried tasks not started yet and carried
 *                        threads not ended yet
 * @param drainMillis     time from draining start until no call was inside (or until the timeout)
 * @param teardownMillis  time spent in {@code @OnUnload} hooks and host listeners
 * @param collectMillis   time until the loader was collected, or the time waited for it
 * @param blockers        on {@code TIMED_OUT}: what was still inside: each thread, with its state and stack, and a
 *                        group for all the tasks handed to an executor from inside the module that have not started,
 *                        and one for all the calls of virtual threads (see {@link Blocker})
 * @param fixes           leaks the agent fixed after the teardown (a thread joined, a driver deregistered, ...)
 * @param leaks           on {@code RETAINED}: each holder the leak scan found, with how to fix it
 * @param problems        hook, listener, leak scan and fix failures, and anything else the operator should read
 */
public record UnloadReport(String module, Outcome outcome, long inFlightAtStart, long drainMillis,
                           long teardownMillis, long collectMillis, List<Blocker> blockers, List<String> fixes,
                           List<String> leaks, List<String> problems) {

    public UnloadReport {
        blockers = List.copyOf(blockers);
        fixes = List.copyOf(fixes);
        leaks = List.copyOf(leaks);
        problems = List.copyOf(problems);
    }

    /**
     * One line for a log. On {@code TIMED_OUT} it counts the blockers as {@code N thread(s) or task group(s) still
     * inside}: each thread inside is one, however deep its nested calls; the tasks not started are one group
     * together, and so are the calls of virtual threads.
     */
    public String summary() {
        return switch (outcome) {
            case COLLECTED -> "module '" + module + "' unloaded: drained " + inFlightAtStart + " call(s) in "
                    + drainMillis + " ms, torn down in " + teardownMillis + " ms, class loader collected in "
                    + collectMillis + " ms" + fixesSuffix() + problemsSuffix();
            case RETAINED -> "module '" + module + "' unloaded, but its class loader is still reachable after "
                    + collectMillis + " ms: " + (leaks.isEmpty() ? "something holds it (a host field or map, or a"
                    + " holder the leak scan does not know): the CLI's leaks command shows the path"
                    : "held by " + String.join("; ", leaks)) + fixesSuffix() + problemsSuffix();
            case TORN_DOWN -> "module '" + module + "' torn down: drained " + inFlightAtStart + " call(s) in "
                    + drainMillis + " ms, torn down in " + teardownMillis + " ms; its class loader is not checked yet"
                    + problemsSuffix();
            case TIMED_OUT -> "module '" + module + "' not unloaded: " + blockers.size()
                    + " thread(s) or task group(s) still inside after " + drainMillis + " ms; it is ACTIVE again,"
                    + " untouched" + problemsSuffix();
        };
    }

    private String fixesSuffix() {
        return fixes.isEmpty() ? "" : "; " + fixes.size() + " leak fix(es) applied: " + String.join("; ", fixes);
    }

    private String problemsSuffix() {
        return problems.isEmpty() ? "" : "; " + problems.size() + " problem(s): " + String.join("; ", problems);
    }
}
