package dev.quiesce.agent.control;

import dev.quiesce.agent.unload.Blocker;

/**
 * One thing an unload of a module waits for, as the MXBean shows it (a composite of open types): a thread inside
 * it, or, with no thread, the tasks it handed to an executor that have not started. {@link #getText} is the form
 * {@code callsInside} and the report's {@code blockers} give.
 */
public final class BlockerInfo {
    private final Blocker blocker;

    public BlockerInfo(Blocker blocker) {
        this.blocker = blocker;
    }

    /** The thread's name; null for the tasks not started. */
    public String getThread() {
        return blocker.thread();
    }

    /** The thread's id; -1 for the tasks not started. */
    public long getThreadId() {
        return blocker.threadId();
    }

    /** The thread's state when it was described ({@code RUNNABLE}, {@code WAITING}, ...); null for the tasks. */
    public String getThreadState() {
        return blocker.threadState();
    }

    /** How it is inside the module; for the tasks not started, how many and what to do about them. */
    public String getInside() {
        return blocker.inside();
    }

    /** The first line of {@link #getText}: who, and how it is inside. */
    public String getHeadline() {
        return blocker.headline();
    }

    /** The thread's stack, innermost first, as {@code StackTraceElement.toString()} writes each frame. */
    public String[] getFrames() {
        return blocker.frames().toArray(String[]::new);
    }

    /** The headline, then the stack, one {@code \tat} line per frame. */
    public String getText() {
        return blocker.text();
    }
}
