package dev.quiesce.devserver;

import dev.quiesce.ModuleListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Notices unloads of the server's generations that the server did not start: an operator's, with the CLI
 * ({@code java -jar quiesce-agent.jar unload <pid> <module>}), over JMX, or by other code in this JVM. The server's
 * own unloads run on threads marked by {@link Unloads}, where Quiesce tells its listeners, so they are never taken
 * for an operator's.
 *
 * <p>While such a drain runs, requests to the generation's route are refused and wait ({@link PluginRequests}). Once
 * it is unloaded, {@link Redeployer#afterOperatorUnload} reloads the jar or stops the route, on the watcher thread.
 * A drain that times out leaves the generation {@code ACTIVE}: Quiesce tells listeners it {@code resumed}, and the
 * waiting requests go back to it. Each outcome is logged and listed in
 * {@code /quiesce}'s {@code unloads}.
 */
final class OperatorUnloads implements ModuleListener {
    /** A drain an operator started: the generation, and the thread that unloads it. */
    private record Drain(Generation generation, String thread) {
    }

    private final Routes routes;
    private final Redeployer redeployer;
    private final Unloads unloads;
    private final Executor watcher;
    private final Map<String, Drain> draining = new ConcurrentHashMap<>();

    /** {@code watcher}: the thread the poller reports changes on. */
    OperatorUnloads(Routes routes, Redeployer redeployer, Unloads unloads, Executor watcher) {
        this.routes = routes;
        this.redeployer = redeployer;
        this.unloads = unloads;
        this.watcher = watcher;
    }

    @Override
    public void draining(String module) {
        Generation generation = routes.held(module);
        if (generation == null || Unloads.isOwn(module)) {
            return;
        }
        String thread = Thread.currentThread().getName();
        draining.put(module, new Drain(generation, thread));
        Log.say("operator", module + " is being unloaded by an operator (thread \"" + thread + "\")"
                + (routes.isServing(generation) ? "; requests to /" + generation.route() + "/ wait for the unload"
                        + " to end" : ""));
    }

    @Override
    public void unloaded(String module) {
        Drain drain = draining.remove(module);
        if (drain == null) {
            return;
        }
        try {
            watcher.execute(() -> reroute(drain));
        } catch (RejectedExecutionException e) {
            Log.say("operator", module + " was unloaded by an operator; /" + drain.generation().route() + "/ is not"
                    + " reloaded: the server is stopping");
        }
    }

    /** The operator's drain timed out (or failed before its teardown): the generation serves its route again. */
    @Override
    public void resumed(String module) {
        Drain drain = draining.remove(module);
        if (drain == null) {
            return;
        }
        routes.resumed();
        Generation serving = routes.serving(drain.generation().route());
        say(drain, "TIMED_OUT", serving == null ? "not served" : "served by " + serving.module(),
                "the operator's unload of " + module + " timed out, so it is ACTIVE again");
    }

    private void reroute(Drain drain) {
        say(drain, "UNLOADED", redeployer.afterOperatorUnload(drain.generation()),
                drain.generation().module() + " was unloaded by an operator");
    }

    /** {@code routeNow} completes "/route/ is ...". */
    private void say(Drain drain, String outcome, String routeNow, String what) {
        String route = "/" + drain.generation().route() + "/";
        String summary = what + "; " + route + " is " + routeNow;
        unloads.record(Status.operatorUnload(drain.generation().module(), drain.thread(), outcome, route, routeNow,
                summary));
        Log.say("operator", summary);
    }
}
