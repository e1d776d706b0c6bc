package dev.quiesce.devserver;

import dev.quiesce.ModuleListener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which generation serves each route, and every generation the host still holds: the serving ones and the old
 * ones being unloaded. Switching a route is one atomic map write. As the Quiesce listener it drops a generation the
 * moment Quiesce has torn it down, before the collection check.
 */
final class Routes implements ModuleListener {
    private final Map<String, Generation> serving = new ConcurrentHashMap<>();
    private final Map<String, Generation> held = new ConcurrentHashMap<>();

    /** The generation serving a route, or null. */
    Generation serving(String route) {
        return serving.get(route);
    }

    /** Routes new requests to this generation; returns the one it replaces, or null. */
    Generation switchTo(Generation generation) {
        held.put(generation.module(), generation);
        return serving.put(generation.route(), generation);
    }

    /** Stops serving a route; returns the generation that served it, or null. */
    Generation remove(String route) {
        return serving.remove(route);
    }

    /** Stops serving every route. */
    void removeAll() {
        serving.clear();
    }

    boolean isServing(Generation generation) {
        return serving.get(generation.route()) == generation;
    }

    /** Every generation not yet torn down, by route then age. */
    List<Generation> held() {
        List<Generation> all = new ArrayList<>(held.values());
        all.sort(Comparator.comparing(Generation::route).thenComparing(Generation::loadedAt));
        return all;
    }

    @Override
    public void unloaded(String module) {
        Generation generation = held.remove(module);
        if (generation != null) {
            generation.release();
        }
    }
}
