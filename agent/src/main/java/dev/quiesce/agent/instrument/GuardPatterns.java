package dev.quiesce.agent.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code guard=} class-name patterns: {@code *} matches within one package segment, {@code **} across
 * segments, e.g. {@code com.acme.lib.**} or {@code com.acme.*.Client}. Matched against internal names
 * ({@code com/acme/lib/Foo}).
 */
public final class GuardPatterns {
    public static final GuardPatterns NONE = new GuardPatterns("", null);

    private static final Pattern VALID = Pattern.compile("[\\p{javaJavaIdentifierPart}.*$]+");

    private final String spec;
    private final Pattern regex;

    private GuardPatterns(String spec, Pattern regex) {
        this.spec = spec;
        this.regex = regex;
    }

    /**
     * Parses {@code <pattern>|<pattern>...}.
     *
     * @throws IllegalArgumentException naming the bad pattern and what is allowed
     */
    public static GuardPatterns parse(String spec) {
        List<String> patterns = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        for (String pattern : spec.split("\\|", -1)) {
            String p = pattern.trim();
            if (p.isEmpty() || !VALID.matcher(p).matches() || p.contains("***") || p.startsWith(".")
                    || p.endsWith(".") || p.contains("..")) {
                throw new IllegalArgumentException("bad guard pattern '" + pattern + "' in '" + spec
                        + "': use class names separated by '|', with * within a package segment and ** across"
                        + " segments, e.g. guard=com.acme.lib.**|com.acme.*.Client");
            }
            patterns.add(p);
            if (regex.length() > 0) {
                regex.append('|');
            }
            regex.append(toRegex(p));
        }
        return new GuardPatterns(String.join("|", patterns), Pattern.compile(regex.toString()));
    }

    /** Whether the class with this internal name is guarded. */
    public boolean matches(String internalName) {
        return regex != null && regex.matcher(internalName).matches();
    }

    @Override
    public String toString() {
        return spec;
    }

    private static String toRegex(String pattern) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                out.append(".*");
                i++;
            } else if (c == '*') {
                out.append("[^/]*");
            } else if (c == '.') {
                out.append('/');
            } else {
                out.append(c == '$' ? "\\$" : String.valueOf(c));
            }
        }
        return out.toString();
    }
}
