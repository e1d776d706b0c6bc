package dev.quiesce.testplugins.host;

/** A host class with an {@code execute(Runnable)} that is no executor: it runs the task now, and keeps it. */
public final class NotAnExecutor {
    private volatile Runnable last;

    public void execute(Runnable task) {
        last = task;
        task.run();
    }

    /** The task the last {@link #execute} was given, as it was given. */
    public Runnable last() {
        return last;
    }
}
