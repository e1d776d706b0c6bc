package dev.quiesce.agent.cli;

import java.util.List;
import java.util.Map;

/** The analyzer's answer for one module, as the leaks command prints it: each path drawn as LeakCanary draws it. */
final class LeakPathsText {
    private LeakPathsText() {
    }

    @SuppressWarnings("unchecked")
    static String of(Map<String, Object> module) {
        String head = "module '" + module.get("module") + "' (class loader " + module.get("loader") + ")";
        List<Map<String, Object>> paths = (List<Map<String, Object>>) module.get("paths");
        int more = ((Number) module.get("morePaths")).intValue();
        String count = paths.size() + more == 1 ? "1 path" : paths.size() + more + " paths";
        StringBuilder text = new StringBuilder(head);
        switch ((String) module.get("strength")) {
            case "strong" -> text.append(" is held by ").append(count).append(" from a GC root:\n");
            case "soft" -> text.append(" is held only through soft references, by ").append(count).append(" from a")
                    .append(" GC root. The JVM clears them when the heap runs short, so it will go then; clear them")
                    .append(" to free it now:\n");
            default -> {
                return text.append(" is still in the heap, but no strong or soft reference from a GC root holds it:")
                        .append(" only weak, phantom or finalizer references, or the JVM itself (JNI, compiled code).")
                        .append(" Run leaks again after a while; it should be gone.\n").toString();
            }
        }
        for (Map<String, Object> path : paths) {
            text.append('\n');
            path(path, text);
        }
        if (more > 0) {
            text.append("\n(").append(more).append(" more path(s) not shown)\n");
        }
        return text.toString();
    }

    /**
     * <pre>
     *   GC root: System class
     *   +- com.example.Host class
     *   |    v static Host.plugins
     *   \- com.example.plugin.Greeter instance  (the module's: it holds the class loader)
     * </pre>
     */
    @SuppressWarnings("unchecked")
    private static void path(Map<String, Object> path, StringBuilder text) {
        text.append("  GC root: ").append(path.get("root")).append('\n');
        for (Map<String, String> step : (List<Map<String, String>>) path.get("steps")) {
            text.append("  +- ").append(step.get("object")).append('\n');
            text.append("  |    v ").append(step.get("reference")).append('\n');
        }
        text.append("  \\- ").append(path.get("held")).append("  (the module's: it holds the class loader)\n");
    }
}
