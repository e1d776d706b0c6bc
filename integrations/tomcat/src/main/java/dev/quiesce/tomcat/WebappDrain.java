package dev.quiesce.tomcat;

import dev.quiesce.Blocker;
import dev.quiesce.Quiesce;
import dev.quiesce.Teardown;
import dev.quiesce.UnloadReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Context;
import org.apache.catalina.core.StandardContext;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * One stop's drain, in {@code before_stop}, with new requests already held ({@link ContextRequests#close}): waits
 * for the requests Tomcat mapped to the context and its async requests in progress, then drains the webapp's module
 * by the same deadline and begins its teardown ({@link Quiesce#beginTearDown}), which counts this thread in. At the
 * deadline, {@code onTimeout=wait} logs what is inside, with stacks, and waits another {@code drainTimeout}, until it
 * has left; {@code proceed} logs it and lets Tomcat tear down under it. Or, for a reload not begun yet
 * ({@link #beforeReload}), one such drain, which puts the reload off at its deadline.
 */
final class WebappDrain {
    private static final Log LOG = LogFactory.getLog(QuiesceContextListener.class);
    /** After the number of blockers: threads inside (requests, calls) and task groups (async requests, tasks). */
    private static final String STILL_INSIDE = " thread(s) or task group(s) still inside after ";
    /** Longest single wait for Tomcat's async count, which has no event to wait for. */
    private static final long ASYNC_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** An open teardown (drained), or nothing to end ({@code proceeded}: unload after the stop), and a report. */
    record Result(Teardown teardown, boolean proceeded, UnloadReport report) {
    }

    /** A reload's drain: the open teardown (reload now), or why the reload is put off (threads named). */
    record BeforeReload(Teardown teardown, String putOff) {
    }

    /** A drain's outcome: the open teardown, or the blockers (and the module's TIMED_OUT report, if it ran). */
    /** One drain: the open teardown, or what is still inside: Tomcat's requests, or Quiesce's blockers. */
    private record Attempt(Teardown teardown, List<Blocker> blockers, UnloadReport timedOut) {
        String text() {
            return String.join("\n", blockers.stream().map(Blocker::text).toList());
        }
    }

    private final Context context;
    private final String module;
    private final ContextRequests requests;
    private final ListenerSettings settings;

    WebappDrain(Context context, String module, ContextRequests requests, ListenerSettings settings) {
        this.context = context;
        this.module = module;
        this.requests = requests;
        this.settings = settings;
    }

    Result run() {
        if (stoppedFromInside()) {
            return new Result(null, false, null);
        }
        long start = System.nanoTime();
        try {
            while (true) {
                Attempt attempt = attempt();
                if (attempt.teardown() != null) {
                    return new Result(attempt.teardown(), false, null);
                }
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                if (settings.onTimeout() == OnTimeout.PROCEED) {
                    LOG.warn("Quiesce: context " + QuiesceContextListener.describe(context) + " is torn down under "
                            + attempt.blockers().size() + STILL_INSIDE + waited + " ms"
                            + " (onTimeout=proceed), as Tomcat does; they may fail from now on:\n" + attempt.text());
                    return new Result(null, true, attempt.timedOut());
                }
                LOG.warn("Quiesce: the stop of context " + QuiesceContextListener.describe(context) + " waits: "
                        + attempt.blockers().size() + STILL_INSIDE + waited + " ms; it waits"
                        + " another " + settings.drainTimeout().toMillis() + " ms for them (onTimeout=wait), and"
                        + " Tomcat's teardown runs only once they left. Threads inside:\n" + attempt.text());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Quiesce: the stop of context " + QuiesceContextListener.describe(context) + " was interrupted"
                    + " while waiting for the calls inside; Tomcat tears it down now, as it would without Quiesce");
            return new Result(null, true, null);
        } catch (RuntimeException e) {
            LOG.error("Quiesce could not drain context " + QuiesceContextListener.describe(context) + " (module '"
                    + module + "'): " + e.getMessage() + "; Tomcat tears it down as it would without Quiesce", e);
            return new Result(null, false, null);
        }
    }

    /**
     * The drain of a reload Tomcat has not begun ({@link QuiesceContextListener#reload}): one {@code drainTimeout}
     * at most. Returns the open teardown (this thread counted in; the caller reloads the context now), or, with the
     * module {@code ACTIVE} and untouched, why the reload is put off, after a log line that says so, names the
     * threads inside with their stacks, and what happens next ({@code origin}). The caller holds requests before
     * and lets them go on after a put-off. Invariant: a put-off only after {@link Quiesce#beginTearDown} timed out
     * or did not run, so the old generation serves on; proved by {@code ReloadableContextTest} and
     * {@code QuiesceContextTest}.
     */
    BeforeReload beforeReload(ReloadOrigin origin) {
        long start = System.nanoTime();
        try {
            Attempt attempt = attempt();
            if (attempt.teardown() != null) {
                return new BeforeReload(attempt.teardown(), null);
            }
            String putOff = "the reload of context " + QuiesceContextListener.describe(context) + " is put off: "
                    + attempt.blockers().size() + STILL_INSIDE
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms (onTimeout=wait). Module '"
                    + module + "' goes on serving";
            LOG.warn("Quiesce: " + putOff + "; " + origin.next() + ". Threads inside:\n" + attempt.text());
            return new BeforeReload(null, putOff + ". Threads inside (their stacks are in Tomcat's log): "
                    + String.join(", ", attempt.blockers().stream().map(Blocker::headline).toList()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            String putOff = "the reload of context " + QuiesceContextListener.describe(context) + " was interrupted"
                    + " while waiting for the calls inside; it is put off, module '" + module + "' goes on serving";
            LOG.warn("Quiesce: " + putOff);
            return new BeforeReload(null, putOff);
        } catch (RuntimeException e) {
            String putOff = "Quiesce could not drain context " + QuiesceContextListener.describe(context)
                    + " (module '" + module + "') for its reload: " + e.getMessage() + "; the reload is put off";
            LOG.error(putOff, e);
            return new BeforeReload(null, putOff);
        }
    }

    /** A webapp that stops itself from one of its own requests, which would wait for itself: logged, not drained. */
    private boolean stoppedFromInside() {
        if (!requests.currentThreadInside()) {
            return false;
        }
        LOG.error("Quiesce: context " + QuiesceContextListener.describe(context) + " is stopped from one of its"
                + " own requests (thread \"" + Thread.currentThread().getName() + "\"), which would wait for"
                + " itself: Tomcat tears it down as it would without Quiesce. Reload it from outside the webapp"
                + " (Tomcat's manager, JMX, a reloadable context's background check)");
        return true;
    }

    /** One drain of {@code drainTimeout} at most: the open teardown, or what is still inside (module untouched). */
    private Attempt attempt() throws InterruptedException {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        if (!awaitRequests(deadline)) {
            return new Attempt(null, requestBlockers(), null);
        }
        Teardown teardown = Quiesce.beginTearDown(module, remaining(deadline));
        if (teardown.drained()) {
            return new Attempt(teardown, List.of(), null);
        }
        UnloadReport timedOut = teardown.end();
        return new Attempt(null, timedOut.blockers(), timedOut);
    }

    /** Tomcat's mapped requests and async requests in progress, by the deadline; true once there are none. */
    private boolean awaitRequests(long deadline) throws InterruptedException {
        if (!requests.awaitEmpty(deadline)) {
            return false;
        }
        while (asyncInProgress() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, ASYNC_POLL_NANOS));
        }
        return true;
    }

    private List<Blocker> requestBlockers() {
        List<Blocker> blockers = new ArrayList<>(requests.describe(QuiesceContextListener.describe(context)));
        long async = asyncInProgress();
        if (async > 0) {
            blockers.add(new Blocker(null, -1, null, async + " async request(s) in progress (started, not yet"
                    + " complete)", List.of(), 0));
        }
        return blockers;
    }

    /** Tomcat's count of the context's async requests started and not complete (a StandardContext's). */
    private long asyncInProgress() {
        return context instanceof StandardContext standard ? standard.getInProgressAsyncCount() : 0;
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
