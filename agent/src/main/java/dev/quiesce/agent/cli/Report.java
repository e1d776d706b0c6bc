package dev.quiesce.agent.cli;

import dev.quiesce.agent.control.WireNames;
import java.util.Arrays;
import javax.management.openmbean.CompositeData;

/** An unload report as an operator reads it: the outcome, the times, who held it back, and what to do next. */
final class Report {
    private Report() {
    }

    static String text(CompositeData report) {
        String outcome = (String) report.get(WireNames.OUTCOME);
        StringBuilder text = new StringBuilder()
                .append(outcome).append(": ").append(report.get(WireNames.SUMMARY)).append('\n')
                .append("  in flight at start  ").append(report.get(WireNames.IN_FLIGHT_AT_START)).append(" call(s)\n")
                .append("  drain               ").append(report.get(WireNames.DRAIN_MILLIS)).append(" ms\n");
        if (!outcome.equals(WireNames.TIMED_OUT)) {
            text.append("  teardown            ").append(report.get(WireNames.TEARDOWN_MILLIS)).append(" ms\n")
                    .append("  collection          ").append(report.get(WireNames.COLLECT_MILLIS)).append(" ms\n");
        }
        list(text, "still inside at the timeout:", Arrays.stream(blockers(report))
                .map(b -> (String) b.get(WireNames.TEXT)).toArray(String[]::new));
        list(text, "leak fixes applied:", strings(report, WireNames.FIXES));
        list(text, "what holds the class loader:", strings(report, WireNames.LEAKS));
        list(text, "problems:", (String[]) report.get(WireNames.PROBLEMS));
        return text.append("next: ").append(next(outcome, (String) report.get(WireNames.MODULE))).append('\n')
                .toString();
    }

    /** The report's blockers, each a thread inside or a task group, with its items {@code WireNames.THREAD}... */
    static CompositeData[] blockers(CompositeData report) {
        return (CompositeData[]) report.get(WireNames.BLOCKERS);
    }

    /** An array item; empty from an agent older than the item. */
    private static String[] strings(CompositeData report, String key) {
        return report.containsKey(key) ? (String[]) report.get(key) : new String[0];
    }

    private static void list(StringBuilder text, String title, String[] items) {
        if (items.length > 0) {
            text.append(title).append('\n');
            for (String item : items) {
                text.append("  ").append(item.replace("\n", "\n  ")).append('\n');
            }
        }
    }

    private static String next(String outcome, String module) {
        return switch (outcome) {
            case WireNames.COLLECTED -> "nothing to do: the module is gone and its class loader was collected.";
            case WireNames.RETAINED -> "something still holds the class loader: fix what is listed above. If nothing"
                    + " is, or to see the exact path from a GC root (a host field or map, a thread, a registry), run:"
                    + " java -jar quiesce-agent.jar leaks <pid> " + module + ". Calls to the module stay refused.";
            case WireNames.TIMED_OUT -> "the module is ACTIVE again and untouched. Make the threads above leave (stop"
                    + " the module's own threads in an @OnDrain hook, let long calls finish), or unload again with a"
                    + " longer --timeout.";
            default -> "see the report above.";
        };
    }
}
