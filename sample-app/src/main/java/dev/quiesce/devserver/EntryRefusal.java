package dev.quiesce.devserver;

import dev.quiesce.ModuleUnloadedException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Tells Quiesce refusing the very call the server made, before the plugin's body ran, from a refusal that came out
 * of the body after it did part of its work: a nested call into another module, or the plugin's own module called
 * back from another thread and refused there. Only the first may be retried.
 *
 * <p>The refusal's stack trace decides it. Quiesce's gate throws it at the entry of the refused method, so a
 * refusal of the server's call reads, top down: the exception's constructors, the agent's frames, the entry class's {@code apply} (with the bridge
 * method javac adds for {@code Function}), then the frame that called it, at that frame's own depth. A refusal raised
 * on another thread ends in that thread's stack; one raised deeper in the body has the body's frames between.
 */
final class EntryRefusal {
    private static final String AGENT = "dev.quiesce.agent.";
    /** Throwable's stack traces show reflection frames too. */
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.SHOW_REFLECT_FRAMES);

    private EntryRefusal() {
    }

    /**
     * Whether {@code refusal}, caught by the method that calls this, is {@code module} refusing that method's call
     * of {@code entryClass}'s {@code apply}, at its entry.
     */
    static boolean refusedTheCall(ModuleUnloadedException refusal, String module, String entryClass) {
        if (!refusal.module().equals(module)) {
            return false;
        }
        List<StackWalker.StackFrame> callers = WALKER.walk(frames -> frames.skip(1).collect(Collectors.toList()));
        StackWalker.StackFrame caller = callers.get(0);
        StackTraceElement[] trace = refusal.getStackTrace();
        int frame = 0;
        while (frame < trace.length && trace[frame].getMethodName().equals("<init>")) {
            frame++; // the exception's own constructors, which its trace keeps
        }
        int agent = frame;
        while (frame < trace.length && trace[frame].getClassName().startsWith(AGENT)) {
            frame++;
        }
        if (frame == agent) {
            return false; // not thrown by Quiesce's gate
        }
        int entry = frame;
        while (frame < trace.length && trace[frame].getClassName().equals(entryClass)
                && trace[frame].getMethodName().equals("apply")) {
            frame++;
        }
        return frame > entry && frame < trace.length
                && trace[frame].getClassName().equals(caller.getClassName())
                && trace[frame].getMethodName().equals(caller.getMethodName())
                && trace.length - frame == callers.size();
    }
}
