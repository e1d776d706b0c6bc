package dev.quiesce.devserver;

import dev.quiesce.ModuleState;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadRefusedException;
import dev.quiesce.UnloadReport;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Unloads old generations through Quiesce, off the redeploy thread, and keeps the last unloads as {@code /quiesce}
 * lists them: the server's own, and the ones {@link OperatorUnloads} saw. A generation reaches here only once no
 * route leads to it. If its drain times out, Quiesce leaves it {@code ACTIVE} and untouched: it keeps running the
 * requests already inside, receives no new ones, and its unload is tried again after 1 s, 2 s, 4 s, ... up to a
 * minute, until it drains. So is an unload refused because an operator's unload of it is under way, which may time
 * out too.
 */
final class Unloads {
    private static final int KEPT_REPORTS = 20;
    private static final long MAX_RETRY_SECONDS = 60;

    /** The module the calling thread is unloading for the server: Quiesce tells listeners on that thread. */
    private static final ThreadLocal<String> OWN = new ThreadLocal<>();

    private final Duration drainTimeout;
    private final ScheduledThreadPoolExecutor executor;
    private final Deque<Map<String, Object>> recent = new ArrayDeque<>();

    Unloads(Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
        executor = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "unloader");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Unloads a generation in the background. */
    void start(String module) {
        executor.execute(() -> attempt(module, 1));
    }

    /** Unloads a module now, on this thread; returns its report, or null if Quiesce refused (it says why). */
    UnloadReport unloadNow(String module) {
        UnloadReport report;
        OWN.set(module);
        try {
            report = Quiesce.unload(module, drainTimeout);
        } catch (UnloadRefusedException e) {
            Log.say("unload", e.getMessage());
            return null;
        } finally {
            OWN.remove();
        }
        record(Status.report(report));
        Log.say("unload", report.outcome() + ": " + report.summary());
        return report;
    }

    /** Whether the calling thread is unloading this module for the server. */
    static boolean isOwn(String module) {
        return module.equals(OWN.get());
    }

    /**
     * Whether an agent log message is the report of an unload this thread runs for the server: the agent logs a
     * report that is not plain success as a warning, and the server logs every report itself.
     */
    static boolean isOwnReport(String message) {
        String own = OWN.get();
        return own != null && message != null && message.startsWith("quiesce: module '" + own + "' ");
    }

    /** Keeps an unload for {@code /quiesce}, as it lists it. */
    void record(Map<String, Object> unload) {
        synchronized (recent) {
            recent.addFirst(unload);
            while (recent.size() > KEPT_REPORTS) {
                recent.removeLast();
            }
        }
    }

    /** Unloads these modules at once, each on a thread of its own, and waits for every report. */
    void unloadAll(List<String> modules) throws InterruptedException {
        List<Thread> threads = modules.stream().map(m -> new Thread(() -> unloadNow(m), "unload " + m)).toList();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** The last unloads, newest first. */
    List<Map<String, Object>> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    /** Cancels pending retries and waits for the unloads under way. */
    void stop(Duration bound) throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void attempt(String module, int attempt) {
        UnloadReport report = unloadNow(module);
        if (report == null ? !beingUnloadedByAnother(module) : report.outcome() != Outcome.TIMED_OUT) {
            return;
        }
        long delay = Math.min(MAX_RETRY_SECONDS, 1L << Math.min(attempt - 1, 6));
        if (attempt == 1 && report != null) {
            report.blockers().forEach(blocker -> Log.say("unload", "still inside " + module + ": " + blocker.text()));
        }
        try {
            executor.schedule(() -> attempt(module, attempt + 1), delay, TimeUnit.SECONDS);
            Log.say("unload", module + " receives no new requests and finishes the ones inside; next unload attempt"
                    + " in " + delay + " s");
        } catch (RejectedExecutionException e) {
            Log.say("unload", module + ": not retried, the server is stopping");
        }
    }

    /** Refused because another unload of it is draining it: one that may time out and leave it to the server. */
    private static boolean beingUnloadedByAnother(String module) {
        return Quiesce.module(module).map(m -> m.state() == ModuleState.DRAINING).orElse(false);
    }
}
