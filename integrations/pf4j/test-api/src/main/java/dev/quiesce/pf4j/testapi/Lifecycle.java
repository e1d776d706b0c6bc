package dev.quiesce.pf4j.testapi;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the test plugins tell the host about their life, through the host's class path: each stop with the number of
 * extension calls inside the plugin when {@code Plugin.stop()} ran, and which phases a test wants to fail.
 */
public final class Lifecycle {
    /** One {@code Plugin.stop()}: the plugin's id and the extension calls inside it at that moment. */
    public record Stop(String pluginId, int callsInside) {
    }

    private static final List<Stop> STOPS = new CopyOnWriteArrayList<>();
    private static final Set<String> FAILING = ConcurrentHashMap.newKeySet();

    private Lifecycle() {
    }

    /** Called by a plugin's {@code stop()}. */
    public static void stopped(String pluginId, int callsInside) {
        STOPS.add(new Stop(pluginId, callsInside));
    }

    /** Every stop since the last {@link #reset}, in order. */
    public static List<Stop> stops() {
        return List.copyOf(STOPS);
    }

    /** Makes {@code phase} ("start" or "stop") of the plugin {@code pluginId} throw, until {@link #reset}. */
    public static void fail(String pluginId, String phase) {
        FAILING.add(pluginId + "/" + phase);
    }

    /** Whether a test asked this phase of this plugin to throw. */
    public static boolean shouldFail(String pluginId, String phase) {
        return FAILING.contains(pluginId + "/" + phase);
    }

    public static void reset() {
        STOPS.clear();
        FAILING.clear();
    }
}
