package dev.quiesce;

import java.util.List;

/**
 * What an unload did.
 *
 * @param module          the module's id
 * @param outcome         how it ended
 * @param inFlightAtStart calls inside the module when draining started
 * @param drainMillis     time from draining start until no call was inside (or until the timeout)
 * @param teardownMillis  time spent in {@code @OnUnload} hooks and host listeners
 * @param collectMillis   time until the loader was collected, or the time waited for it
 * @param blockers        on {@code TIMED_OUT}: each thread still inside, with its stack
 * @param problems        hook and listener failures, and anything else the operator should read
 */
public record UnloadReport(String module, Outcome outcome, long inFlightAtStart, long drainMillis,
                           long teardownMillis, long collectMillis, List<String> blockers, List<String> problems) {

    public UnloadReport {
        blockers = List.copyOf(blockers);
        problems = List.copyOf(problems);
    }

    /** One line for a log. */
    public String summary() {
        return switch (outcome) {
            case COLLECTED -> "module '" + module + "' unloaded: drained " + inFlightAtStart + " call(s) in "
                    + drainMillis + " ms, torn down in " + teardownMillis + " ms, class loader collected in "
                    + collectMillis + " ms" + problemsSuffix();
            case RETAINED -> "module '" + module + "' unloaded, but its class loader is still reachable after "
                    + collectMillis + " ms: something holds it (a thread, a ThreadLocal, a registry, a host field)"
                    + problemsSuffix();
            case TIMED_OUT -> "module '" + module + "' not unloaded: " + blockers.size()
                    + " call(s) still inside after " + drainMillis + " ms; it is ACTIVE again, untouched";
        };
    }

    private String problemsSuffix() {
        return problems.isEmpty() ? "" : "; " + problems.size() + " problem(s): " + String.join("; ", problems);
    }
}
