package dev.quiesce.agent.unload;

import java.util.List;

/**
 * One thing a drain waits for: a thread inside the module, or (with no thread) the tasks handed to an executor from
 * inside it that have not started.
 *
 * @param thread      the thread's name, or null for the tasks not started
 * @param threadId    its id, or -1
 * @param threadState its {@link Thread.State} when described, or null
 * @param inside      how it is inside, e.g. {@code is inside module 'billing'}; for the tasks, what to do about them
 * @param frames      its stack, innermost first, at most {@link Blockers#MAX_FRAMES}
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

    /** As an operator reads it: the headline, then the stack. */
    public String text() {
        StringBuilder text = new StringBuilder(headline());
        frames.forEach(frame -> text.append("\n\tat ").append(frame));
        if (moreFrames > 0) {
            text.append("\n\t... ").append(moreFrames).append(" more");
        }
        return text.toString();
    }
}
