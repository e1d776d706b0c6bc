package dev.quiesce;

import java.util.List;

/**
 * One thing a drain waits for, as {@link UnloadReport#blockers} lists them on {@code TIMED_OUT}: a thread inside the
 * module, or, with no thread, a group: all the tasks handed to an executor from inside it that have not started, or
 * all the calls of virtual threads inside it (counted, not named).
 *
 * @param thread      the thread's name; null for a group
 * @param threadId    its id; -1 for a group
 * @param threadState its {@link Thread.State} name when it was described ({@code RUNNABLE}, {@code WAITING}, ...);
 *                    null for a group
 * @param inside      how it is inside, e.g. {@code is inside module 'billing'}; for a group, how many and what to do
 *                    about them
 * @param frames      the thread's stack, innermost first, as {@link StackTraceElement#toString} writes each frame, at
 *                    most 64; empty for a group
 * @param moreFrames  frames of its stack left out of {@code frames}
 */
public record Blocker(String thread, long threadId, String threadState, String inside, List<String> frames,
                      int moreFrames) {
    public Blocker {
        frames = List.copyOf(frames);
    }

    /** The first line of {@link #text}: who, and how it is inside. */
    public String headline() {
        return thread == null ? inside : '"' + thread + "\" (id " + threadId + ", " + threadState + ") " + inside;
    }

    /** As an operator reads it: the headline, then the stack, one {@code \tat} line per frame. */
    public String text() {
        StringBuilder text = new StringBuilder(headline());
        frames.forEach(frame -> text.append("\n\tat ").append(frame));
        if (moreFrames > 0) {
            text.append("\n\t... ").append(moreFrames).append(" more");
        }
        return text.toString();
    }
}
