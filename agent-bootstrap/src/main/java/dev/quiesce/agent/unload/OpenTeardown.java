package dev.quiesce.agent.unload;

import dev.quiesce.Teardown;
import dev.quiesce.UnloadReport;

/**
 * A two-part teardown between its begin ({@link Unloader#beginTearDown}) and its end. The begin counted its thread
 * in ({@link UnloadRun#runToTeardownBegun}); {@link #end} counts that same thread out, since a thread's count lives
 * in its own cell, which no other thread may write: so the end refuses any other thread while the teardown is open.
 * The first end runs the rest of the teardown, whatever it throws: the run is made consistent
 * ({@link UnloadRun#runTeardownEnd}: the module ends unloaded, and a fatal error is rethrown only after that), the
 * claim on the module released, and the run left for the collection check, even when the end rethrows. Proved by
 * {@code HostGuardTest}.
 */
public final class OpenTeardown implements Teardown {
    private final UnloadRun run;
    private final Thread owner;
    private final Runnable awaitCheck;
    private final Runnable release;
    private UnloadReport report;
    private boolean ended;

    OpenTeardown(UnloadRun run, Runnable awaitCheck, Runnable release) {
        this.run = run;
        this.owner = Thread.currentThread();
        this.awaitCheck = awaitCheck;
        this.release = release;
    }

    private OpenTeardown(UnloadReport timedOut) {
        this(null, null, null);
        this.report = timedOut;
    }

    static OpenTeardown timedOut(UnloadReport report) {
        return new OpenTeardown(report);
    }

    @Override
    public boolean drained() {
        return run != null;
    }

    /** Runs host code counted in, between the begin and the end; what it throws is a problem in the report. */
    void runCountedIn(Runnable action) {
        run.runHostTeardown(action);
    }

    @Override
    public synchronized UnloadReport end() {
        if (report != null) {
            return report;
        }
        if (ended) {
            throw new IllegalStateException("this teardown's end failed before; the module was made consistent then");
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a teardown is ended on the thread that began it (\"" + owner.getName()
                    + "\", counted in as a call inside the module), not on \"" + Thread.currentThread().getName()
                    + "\"");
        }
        ended = true;
        try {
            report = run.runTeardownEnd();
        } finally {
            awaitCheck.run();
            release.run();
        }
        return report;
    }

    @Override
    public void close() {
        end();
    }
}
