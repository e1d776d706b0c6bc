package dev.quiesce.analyzer;

import static dev.quiesce.analyzer.Sequences.each;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import shark.HeapGraph;
import shark.HeapObject.HeapClass;
import shark.HeapObject.HeapInstance;
import shark.HeapObject.HeapObjectArray;
import shark.HeapValue;

/**
 * The agent's module registry as a heap dump holds it: the modules unloaded but not collected, each with its class
 * loader's object id, and the ids of the other modules. It reads fields of the agent's {@code ModuleRegistry} and
 * {@code UnloadableModule} by name; those classes say so, and {@code LeakPathTest} fails if the names drift apart.
 */
final class DumpedRegistry {
    static final String REGISTRY = "dev.quiesce.agent.unload.ModuleRegistry";
    static final String MODULE = "dev.quiesce.agent.unload.UnloadableModule";

    /** A module whose unload finished while its loader was still reachable when the heap was dumped. */
    record Unloaded(String id, String name, long loaderId) {
    }

    /** The dump is readable, but not of a JVM running the agent. */
    static final class NotAQuiesceDump extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        NotAQuiesceDump(String message) {
            super(message);
        }
    }

    final List<Unloaded> unloaded = new ArrayList<>();
    /** Modules that are not unloaded: live, or still draining. (Unloaded ones whose loader is gone are in neither.) */
    final List<String> others = new ArrayList<>();
    /** Every module's name (the id without the generation suffix), by id. */
    final Map<String, String> names = new LinkedHashMap<>();

    /**
     * @throws NotAQuiesceDump if the dump is not of a JVM running the Quiesce agent
     */
    static DumpedRegistry read(HeapGraph graph) {
        HeapClass registryClass = graph.findClassByName(REGISTRY);
        HeapClass moduleClass = graph.findClassByName(MODULE);
        if (registryClass == null || moduleClass == null) {
            throw new NotAQuiesceDump("this heap dump is not of a JVM running the Quiesce agent (it has no "
                    + REGISTRY + "): dump a JVM started with -javaagent:quiesce-agent.jar, or one it was attached to");
        }
        DumpedRegistry registry = new DumpedRegistry();
        Set<Long> unloadedIds = new HashSet<>();
        for (HeapInstance instance : each(registryClass.getInstances())) {
            for (HeapInstance module : elements(instance.get(REGISTRY, "unloadedNotCollected").getValueAsInstance())) {
                unloadedIds.add(module.getObjectId());
                HeapValue loader = module.get(MODULE, "loaderRef").getValueAsInstance()
                        .get("java.lang.ref.Reference", "referent").getValue();
                if (loader.isNonNullReference()) {
                    registry.unloaded.add(new Unloaded(string(module, "id"), string(module, "name"),
                            loader.getAsNonNullObjectId()));
                }
            }
        }
        for (HeapInstance module : each(moduleClass.getInstances())) {
            String id = string(module, "id");
            registry.names.put(id, string(module, "name"));
            if (!unloadedIds.contains(module.getObjectId())) {
                registry.others.add(id);
            }
        }
        return registry;
    }

    private static String string(HeapInstance module, String field) {
        return module.get(MODULE, field).getValue().readAsJavaString();
    }

    /** The elements of a java.util.ArrayList. */
    private static List<HeapInstance> elements(HeapInstance list) {
        int size = list.get("java.util.ArrayList", "size").getValue().getAsInt();
        HeapObjectArray data = list.get("java.util.ArrayList", "elementData").getValueAsObjectArray();
        List<HeapInstance> elements = new ArrayList<>();
        for (HeapValue value : each(data.readElements())) {
            if (elements.size() == size) {
                break;
            }
            elements.add(value.getAsObject().getAsInstance());
        }
        return elements;
    }
}
