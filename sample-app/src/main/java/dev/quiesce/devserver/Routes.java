package dev.quiesce.devserver;

import dev.quiesce.ModuleListener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which generation serves each route, and every generation the host still holds: the serving ones and the old
 * ones being unloaded. Switching a route is one atomic map write. Every change of the routes, and every generation
 * that takes calls again after a drain timed out, bumps a version that requests waiting for a change wait on. As the
 * Quiesce listener it drops a generation the moment Quiesce has torn it down, before the collection check.
 */
final class Routes implements ModuleListener {
    private final Map<String, Generation> serving = new ConcurrentHashMap<>();
    private final Map<String, Generation> held = new ConcurrentHashMap<>();
    /** Why a route that an operator's unload left without a generation is not served: its 404 text. */
    private final Map<String, String> dropped = new ConcurrentHashMap<>();
    private final Object changes = new Object();
    private volatile long version;

    /** The generation serving a route, or null. */
    Generation serving(String route) {
        return serving.get(route);
    }

    /** Routes new requests to this generation; returns the one it replaces, or null. */
    Generation switchTo(Generation generation) {
        held.put(generation.module(), generation);
        dropped.remove(generation.route());
        Generation old = serving.put(generation.route(), generation);
        changed();
        return old;
    }

    /** Stops serving a route; returns the generation that served it, or null. */
    Generation remove(String route) {
        dropped.remove(route);
        Generation old = serving.remove(route);
        changed();
        return old;
    }

    /** Stops serving a route that this generation served, and says why in the route's 404 from now on. */
    void drop(Generation generation, String why) {
        if (serving.remove(generation.route(), generation)) {
            dropped.put(generation.route(), why);
        }
        changed();
    }

    /** Stops serving every route. */
    void removeAll() {
        serving.clear();
        changed();
    }

    boolean isServing(Generation generation) {
        return serving.get(generation.route()) == generation;
    }

    /** The 404 text of a route no generation serves. */
    String notServed(String route) {
        return dropped.getOrDefault(route, "no plugin serves /" + route + "/: put " + route
                + ".jar in the plugins directory");
    }

    /** The generation the host holds under this module id, or null. */
    Generation held(String module) {
        return held.get(module);
    }

    /** Every generation not yet torn down, by route then age. */
    List<Generation> held() {
        List<Generation> all = new ArrayList<>(held.values());
        all.sort(Comparator.comparing(Generation::route).thenComparing(Generation::loadedAt));
        return all;
    }

    /** A generation takes calls again: its drain timed out. */
    void resumed() {
        changed();
    }

    /** Read before looking a generation up, for {@link #awaitChange}. */
    long version() {
        return version;
    }

    /** Waits until the routes change after {@code seen}, or a generation resumes; false at the deadline. */
    boolean awaitChange(long seen, long deadlineNanos) throws InterruptedException {
        synchronized (changes) {
            while (version == seen) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changes.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    @Override
    public void unloaded(String module) {
        Generation generation = held.remove(module);
        if (generation != null) {
            generation.release();
        }
    }

    private void changed() {
        synchronized (changes) {
            version++;
            changes.notifyAll();
        }
    }
}
