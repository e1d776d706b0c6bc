package dev.quiesce.devserver;

import dev.quiesce.Blocker;
import dev.quiesce.ModuleInfo;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code GET /quiesce} shows, as a tree of maps and lists: the server, the requests, the JVM's class memory,
 * every generation the host holds (serving, or being unloaded), the last failed loads and the last unloads: the
 * server's own, with Quiesce's report, and those an operator started, with what became of the route.
 */
final class Status {
    private final Options options;
    private final Routes routes;
    private final PluginRequests requests;
    private final Redeployer redeployer;
    private final Unloads unloads;

    Status(Options options, Routes routes, PluginRequests requests, Redeployer redeployer, Unloads unloads) {
        this.options = options;
        this.routes = routes;
        this.requests = requests;
        this.redeployer = redeployer;
        this.unloads = unloads;
    }

    Map<String, Object> snapshot() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("server", ordered("plugins", options.plugins().toAbsolutePath().toString(),
                "drainTimeoutMillis", options.drainTimeout().toMillis()));
        status.put("requests", ordered("served", requests.served(), "retriedOnNewGeneration", requests.retried(),
                "waitedForOperatorUnload", requests.waited(), "failed", requests.failed()));
        status.put("jvm", jvm());
        status.put("generations", generations());
        status.put("loadFailures", redeployer.failures().values().stream()
                .map(f -> ordered("jar", f.jar(), "at", f.at(), "reason", f.reason())).toList());
        status.put("unloads", unloads.recent());
        return status;
    }

    private List<Object> generations() {
        List<Object> all = new ArrayList<>();
        for (Generation g : routes.held()) {
            Optional<ModuleInfo> info = Quiesce.module(g.module());
            all.add(ordered("route", "/" + g.route() + "/", "jar", g.jar(), "module", g.module(),
                    "role", routes.isServing(g) ? "serving" : "unloading",
                    "state", info.map(i -> i.state().name()).orElse("GONE"),
                    "inFlight", info.map(ModuleInfo::inFlight).orElse(0L),
                    "calls", info.map(ModuleInfo::entrances).orElse(0L),
                    "refused", info.map(ModuleInfo::refused).orElse(0L),
                    "loadedAt", g.loadedAt()));
        }
        return all;
    }

    /** One of the server's own unloads, as {@code unloads} lists it. */
    static Map<String, Object> report(UnloadReport r) {
        return ordered("module", r.module(), "by", "server", "outcome", r.outcome().name(),
                "inFlightAtStart", r.inFlightAtStart(),
                "drainMillis", r.drainMillis(), "teardownMillis", r.teardownMillis(),
                "collectMillis", r.collectMillis(), "summary", r.summary(), "problems", r.problems(),
                "blockers", r.blockers().stream().map(Status::blocker).toList(), "fixes", r.fixes(),
                "leaks", r.leaks());
    }

    /** A blocker with the API's names: a thread inside, or (thread null, threadId -1) a task group. */
    private static Map<String, Object> blocker(Blocker b) {
        return ordered("thread", b.thread(), "threadId", b.threadId(), "threadState", b.threadState(),
                "inside", b.inside(), "frames", b.frames(), "moreFrames", b.moreFrames());
    }

    private static Map<String, Object> jvm() {
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        long metaspace = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getName().equals("Metaspace"))
                .mapToLong(pool -> pool.getUsage().getUsed()).sum();
        return ordered("metaspaceUsedBytes", metaspace, "classesLoaded", (long) classes.getLoadedClassCount(),
                "classesUnloaded", classes.getUnloadedClassCount());
    }

    /**
     * An unload an operator started, as {@code unloads} lists it: {@code outcome} is {@code UNLOADED} or
     * {@code TIMED_OUT} (the operator has Quiesce's report), {@code routeNow} what serves the route now.
     */
    static Map<String, Object> operatorUnload(String module, String thread, String outcome, String route,
                                              String routeNow, String summary) {
        return ordered("module", module, "by", "operator", "outcome", outcome, "thread", thread, "route", route,
                "routeNow", routeNow, "summary", summary);
    }

    /** A map that keeps its keys in the order given: key, value, key, value, ... */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
