package dev.quiesce.agent.unload;

import java.util.ArrayList;
import java.util.List;

/** Describes the threads that hold a drain back: name, id, state and stack, as an operator reads them. */
final class Blockers {
    private static final int MAX_FRAMES = 64;

    private Blockers() {
    }

    /**
     * @param counted   threads the gate counts inside the module
     * @param uncounted threads in calls that started before the classes they run were rewritten
     * @param carried   tasks handed to an executor from inside the module that have not started, and threads started
     *                  from inside it that have not ended
     * @param threads   the threads started from inside the module that have not ended
     */
    static List<String> describe(List<Thread> counted, List<Thread> uncounted, long carried, List<Thread> threads,
                                 String module) {
        List<String> lines = new ArrayList<>();
        long tasks = carried - threads.size();
        if (tasks > 0) {
            lines.add(tasks + " task(s) handed to an executor from inside module '" + module + "' have not started"
                    + " yet: the drain waits for them. Cancel them, or stop their executor with shutdownNow from the"
                    + " module's code (an @OnDrain hook)");
        }
        threads.stream().filter(thread -> !counted.contains(thread)).forEach(thread -> lines.add(describe(thread,
                "was started from inside module '" + module + "' and has not ended: the drain waits for it. Stop it"
                        + " in an @OnDrain hook")));
        counted.forEach(thread -> lines.add(describe(thread, "is inside module '" + module + "'")));
        uncounted.forEach(thread -> lines.add(describe(thread, "is inside module '" + module + "' in a call that"
                + " started before its classes were rewritten (before the agent attached, or before the module's"
                + " first @Unloadable class loaded), so it is not counted; a stack names class loaders by name only,"
                + " so this may also be a call into another loader of that name with classes of the same names")));
        return lines;
    }

    private static String describe(Thread thread, String where) {
        StringBuilder text = new StringBuilder()
                .append('"').append(thread.getName()).append("\" (id ").append(thread.getId()).append(", ")
                .append(thread.getState()).append(") ").append(where);
        StackTraceElement[] stack = thread.getStackTrace();
        for (int i = 0; i < Math.min(stack.length, MAX_FRAMES); i++) {
            text.append("\n\tat ").append(stack[i]);
        }
        if (stack.length > MAX_FRAMES) {
            text.append("\n\t... ").append(stack.length - MAX_FRAMES).append(" more");
        }
        return text.toString();
    }
}
