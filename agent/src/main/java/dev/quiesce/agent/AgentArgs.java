package dev.quiesce.agent;

import dev.quiesce.agent.instrument.GuardPatterns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent arguments: {@code key=value} pairs separated by commas, e.g.
 * {@code guard=com.acme.lib.**|com.acme.*.Client,collect-timeout=10s,jmx=false}. A bad argument is reported in
 * {@link #problems()} with what is allowed, and its default is kept, so the application always starts.
 */
record AgentArgs(GuardPatterns guard, Duration collectTimeout, boolean jmx, List<String> problems) {
    static final String USAGE = "agent arguments are key=value pairs separated by ',': guard=<pattern>|<pattern>..."
            + " (classes to count without @Unloadable), collect-timeout=<duration> (e.g. 5s, 500ms; default 5s),"
            + " jmx=true|false (register dev.quiesce:type=ModuleControl; default true)";
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

    static AgentArgs parse(String args) {
        GuardPatterns guard = GuardPatterns.NONE;
        Duration collectTimeout = Duration.ofSeconds(5);
        boolean jmx = true;
        List<String> problems = new ArrayList<>();
        if (args == null || args.isBlank()) {
            return new AgentArgs(guard, collectTimeout, jmx, problems);
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
                    case "collect-timeout" -> collectTimeout = duration(key, value);
                    case "jmx" -> jmx = bool(key, value);
                    default -> throw new IllegalArgumentException("unknown argument '" + key + "'");
                }
            } catch (IllegalArgumentException e) {
                problems.add("agent argument ignored: " + e.getMessage() + ". Usage: " + USAGE);
            }
        }
        return new AgentArgs(guard, collectTimeout, jmx, List.copyOf(problems));
    }

    private static Duration duration(String key, String value) {
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(key + "=" + value + " is not a duration like 500ms, 5s or 2m");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }

    private static boolean bool(String key, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + "=" + value + " must be true or false");
        };
    }
}
