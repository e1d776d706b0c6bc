package dev.quiesce.tomcat;

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
 * has left; {@code proceed} logs it and lets Tomcat tear down under it.
 */
final class WebappDrain {
    private static final Log LOG = LogFactory.getLog(QuiesceContextListener.class);
    /** Longest single wait for Tomcat's async count, which has no event to wait for. */
    private static final long ASYNC_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** An open teardown (drained), or nothing to end ({@code proceeded}: unload after the stop), and a report. */
    record Result(Teardown teardown, boolean proceeded, UnloadReport report) {
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
        if (requests.currentThreadInside()) {
            LOG.error("Quiesce: context " + QuiesceContextListener.describe(context) + " is stopped from one of its"
                    + " own requests (thread \"" + Thread.currentThread().getName() + "\"), which would wait for"
                    + " itself: Tomcat tears it down as it would without Quiesce. Reload it from outside the webapp"
                    + " (Tomcat's manager, JMX, a reloadable context's background check)");
            return new Result(null, false, null);
        }
        long start = System.nanoTime();
        try {
            while (true) {
                long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
                List<String> blockers;
                UnloadReport timedOut = null;
                if (awaitRequests(deadline)) {
                    Teardown teardown = Quiesce.beginTearDown(module, remaining(deadline));
                    if (teardown.drained()) {
                        return new Result(teardown, false, null);
                    }
                    timedOut = teardown.end();
                    blockers = timedOut.blockers();
                } else {
                    blockers = requestBlockers();
                }
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                if (settings.onTimeout() == OnTimeout.PROCEED) {
                    LOG.warn("Quiesce: context " + QuiesceContextListener.describe(context) + " is torn down under "
                            + blockers.size() + " call(s) still inside after " + waited + " ms (onTimeout=proceed),"
                            + " as Tomcat does; they may fail from now on:\n" + String.join("\n", blockers));
                    return new Result(null, true, timedOut);
                }
                LOG.warn("Quiesce: the stop of context " + QuiesceContextListener.describe(context) + " waits: "
                        + blockers.size() + " call(s) still inside after " + waited + " ms; it waits another "
                        + settings.drainTimeout().toMillis() + " ms for them (onTimeout=wait), and Tomcat's teardown"
                        + " runs only once they left. Threads inside:\n" + String.join("\n", blockers));
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

    private List<String> requestBlockers() {
        List<String> lines = new ArrayList<>(requests.describe());
        long async = asyncInProgress();
        if (async > 0) {
            lines.add(async + " async request(s) in progress (started, not yet complete)");
        }
        return lines;
    }

    /** Tomcat's count of the context's async requests started and not complete (a StandardContext's). */
    private long asyncInProgress() {
        return context instanceof StandardContext standard ? standard.getInProgressAsyncCount() : 0;
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
