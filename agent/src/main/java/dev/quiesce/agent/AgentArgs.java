package dev.quiesce.agent;

import dev.quiesce.agent.instrument.GuardPatterns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent arguments: {@code key=value} pairs separated by commas, e.g.
 * {@code guard=com.acme.lib.**|com.acme.*.Client,collect-timeout=10s,jmx=false}. A bad argument is reported in
 * {@link #problems()} with what is allowed, and its default is kept, so the application always starts.
 */
record AgentArgs(GuardPatterns guard, Duration collectTimeout, boolean explicitGc, boolean fixLeaks, boolean jmx,
                 List<String> problems) {
    static final String USAGE = "agent arguments are key=value pairs separated by ',': guard=<pattern>|<pattern>..."
            + " (classes to count without @Unloadable), collect-timeout=<duration> (e.g. 5s, 500ms; default 5s),"
            + " explicit-gc=true|false (call System.gc() while waiting for the collection; default true),"
            + " fix-leaks=true|false (after the teardown, stop the module's threads, cancel its timers, deregister"
            + " its JDBC drivers, shutdown hooks and MBeans, clear its ThreadLocal values, flush its classes and"
            + " bundles from the Introspector and ResourceBundle caches; default true),"
            + " jmx=true|false (register dev.quiesce:type=ModuleControl; default true)";

    static AgentArgs parse(String args) {
        GuardPatterns guard = GuardPatterns.NONE;
        Duration collectTimeout = Duration.ofSeconds(5);
        boolean explicitGc = true;
        boolean fixLeaks = true;
        boolean jmx = true;
        List<String> problems = new ArrayList<>();
        if (args == null || args.isBlank()) {
            return new AgentArgs(guard, collectTimeout, explicitGc, fixLeaks, jmx, problems);
        }
        for (String pair : args.split(",")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair.trim() : pair.substring(0, eq).trim();
            String value = eq < 0 ? null : pair.substring(eq + 1).trim();
            try {
                if (value == null || value.isEmpty()) {
                    throw new IllegalArgumentException("'" + pair.trim() + "' has no value");
                }
                switch (key) {
                    case "guard" -> guard = GuardPatterns.parse(value);
                    case "collect-timeout" -> collectTimeout = Durations.parse(key + "=" + value, value);
                    case "explicit-gc" -> explicitGc = bool(key, value);
                    case "fix-leaks" -> fixLeaks = bool(key, value);
                    case "jmx" -> jmx = bool(key, value);
                    default -> throw new IllegalArgumentException("unknown argument '" + key + "'");
                }
            } catch (IllegalArgumentException e) {
                problems.add("agent argument ignored: " + e.getMessage() + ". Usage: " + USAGE);
            }
        }
        return new AgentArgs(guard, collectTimeout, explicitGc, fixLeaks, jmx, List.copyOf(problems));
    }

    private static boolean bool(String key, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + "=" + value + " must be true or false");
        };
    }
}
