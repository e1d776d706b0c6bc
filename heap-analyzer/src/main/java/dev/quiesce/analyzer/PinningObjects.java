package dev.quiesce.analyzer;

import static dev.quiesce.analyzer.Sequences.each;

import java.util.HashSet;
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

    static Set<Long> of(HeapGraph graph, long loaderId) {
        Set<Long> classes = new HashSet<>();
        for (HeapClass type : each(graph.getClasses())) {
            if (type.readRecord().getClassLoaderId() == loaderId) {
                classes.add(type.getObjectId());
            }
        }
        Set<Long> pinning = new HashSet<>(classes);
        pinning.add(loaderId);
        for (HeapInstance instance : each(graph.getInstances())) {
            if (classes.contains(instance.getInstanceClassId())) {
                pinning.add(instance.getObjectId());
            }
        }
        for (HeapObjectArray array : each(graph.getObjectArrays())) {
            if (classes.contains(array.getArrayClassId())) {
                pinning.add(array.getObjectId());
            }
        }
        return pinning;
    }
}
