package dev.quiesce.analyzer;

import static dev.quiesce.analyzer.Sequences.each;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import shark.HeapGraph;
import shark.HeapObject.HeapClass;
import shark.HeapObject.HeapInstance;
import shark.HeapObject.HeapObjectArray;

/**
 * The objects that keep a class loader alive by being reachable: the loader, every class it defined (array classes
 * too), and every instance and array of those classes. The JVM links an object to its class and a class to its
 * loader, but a heap dump's paths do not follow those links, so the path to a loader ends at the first of these
 * objects on it: a host field holding a plugin object ends at that object.
 */
final class PinningObjects {
    private PinningObjects() {
    }

    /** For each loader, the objects that pin it; one pass over the heap for all of them. */
    static Map<Long, Set<Long>> of(HeapGraph graph, Collection<Long> loaderIds) {
        Map<Long, Set<Long>> pinning = new HashMap<>();
        loaderIds.forEach(loader -> pinning.put(loader, new HashSet<>(List.of(loader))));
        Map<Long, Set<Long>> byClass = new HashMap<>();
        for (HeapClass type : each(graph.getClasses())) {
            Set<Long> objects = pinning.get(type.readRecord().getClassLoaderId());
            if (objects != null) {
                objects.add(type.getObjectId());
                byClass.put(type.getObjectId(), objects);
            }
        }
        for (HeapInstance instance : each(graph.getInstances())) {
            Set<Long> objects = byClass.get(instance.getInstanceClassId());
            if (objects != null) {
                objects.add(instance.getObjectId());
            }
        }
        for (HeapObjectArray array : each(graph.getObjectArrays())) {
            Set<Long> objects = byClass.get(array.getArrayClassId());
            if (objects != null) {
                objects.add(array.getObjectId());
            }
        }
        return pinning;
    }
}
