package dev.quiesce.agent.unload;

import dev.quiesce.Blocker;
import java.util.ArrayList;
import java.util.List;

/**
 * Describes what holds a drain back: each thread with its name, id, state and stack, the tasks not started, and the
 * calls of virtual threads.
 */
final class Blockers {
    /** The most frames a blocker keeps, as {@link Blocker#frames} documents. */
    static final int MAX_FRAMES = 64;

    private Blockers() {
    }

    /**
     * @param counted   threads the gate counts inside the module
     * @param uncounted threads in calls that started before the classes they run were rewritten
     * @param carried   tasks handed to an executor from inside the module that have not started, and threads started
     *                  from inside it that have not ended
     * @param threads   the threads started from inside the module that have not ended
     * @param virtualCalls calls of virtual threads inside the module, which the gate counts on its stripes
     */
    static List<Blocker> describe(List<Thread> counted, List<Thread> uncounted, long carried, List<Thread> threads,
                                  long virtualCalls, String module) {
        List<Blocker> blockers = new ArrayList<>();
        if (virtualCalls > 0) {
            blockers.add(new Blocker(null, -1, null, virtualCalls + " call(s) of virtual threads are inside module '"
                    + module + "': virtual threads have no cell, so they are counted, not named. jcmd <pid>"
                    + " Thread.dump_to_file <file> writes every virtual thread's stack", List.of(), 0));
        }
        long tasks = carried - threads.size();
        if (tasks > 0) {
            blockers.add(new Blocker(null, -1, null, tasks + " task(s) handed to an executor from inside module '"
                    + module + "' have not started yet: the drain waits for them. Cancel them, or stop their executor"
                    + " with shutdownNow from the module's code (an @OnDrain hook)", List.of(), 0));
        }
        threads.stream().filter(thread -> !counted.contains(thread)).forEach(thread -> blockers.add(describe(thread,
                "was started from inside module '" + module + "' and has not ended: the drain waits for it. Stop it"
                        + " in an @OnDrain hook")));
        counted.forEach(thread -> blockers.add(describe(thread, "is inside module '" + module + "'")));
        uncounted.forEach(thread -> blockers.add(describe(thread, "is inside module '" + module + "' in a call that"
                + " started before its classes were rewritten (before the agent attached, or before the module's"
                + " first @Unloadable class loaded), so it is not counted; a stack names class loaders by name only,"
                + " so this may also be a call into another loader of that name with classes of the same names")));
        return blockers;
    }

    private static Blocker describe(Thread thread, String where) {
        String state = thread.getState().name();
        StackTraceElement[] stack = thread.getStackTrace();
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < Math.min(stack.length, MAX_FRAMES); i++) {
            frames.add(stack[i].toString());
        }
        return new Blocker(thread.getName(), thread.getId(), state, where, frames,
                Math.max(0, stack.length - MAX_FRAMES));
    }
}
