package dev.quiesce.analyzer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shark.LeakTrace;
import shark.LeakTraceObject;
import shark.LeakTraceReference;

/**
 * One path as the CLI prints it: the GC root, then each object with the reference it holds the next one by, then
 * the module's object at the end. Only JDK types, so the CLI can read it without Shark.
 */
final class PathSteps {
    private PathSteps() {
    }

    /**
     * @return {@code root} (the GC root's kind), {@code steps} (each a map of {@code object} and {@code reference}),
     *     {@code held} (the module's object the path ends at)
     */
    static Map<String, Object> of(LeakTrace trace) {
        List<Map<String, String>> steps = new ArrayList<>();
        for (LeakTraceReference reference : trace.getReferencePath()) {
            Map<String, String> step = new LinkedHashMap<>();
            step.put("object", object(reference.getOriginObject()));
            step.put("reference", reference(reference));
            steps.add(step);
        }
        Map<String, Object> path = new LinkedHashMap<>();
        path.put("root", trace.getGcRootType().getDescription());
        path.put("steps", steps);
        path.put("held", object(trace.getLeakingObject()));
        return path;
    }

    /** "java.lang.Thread instance (Thread name: 'x')". */
    private static String object(LeakTraceObject object) {
        String text = object.getClassName() + " " + object.getTypeName();
        List<String> labels = object.getLabels().stream().filter(label -> !label.isBlank()).toList();
        return labels.isEmpty() ? text : text + " (" + String.join("; ", labels) + ")";
    }

    /** "static Host.plugins", "Host.plugins", "Object[3]", "<Java Local>", as LeakCanary writes them. */
    private static String reference(LeakTraceReference reference) {
        String owner = reference.getOwningClassSimpleName().replace("[]", "");
        return switch (reference.getReferenceType()) {
            case STATIC_FIELD -> "static " + owner + "." + reference.getReferenceDisplayName();
            case INSTANCE_FIELD -> owner + "." + reference.getReferenceDisplayName();
            case ARRAY_ENTRY -> owner + reference.getReferenceDisplayName();
            case LOCAL -> reference.getReferenceDisplayName();
        };
    }
}
