package dev.quiesce.agent;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them, in agent arguments and in CLI flags alike: {@code 500ms}, {@code 5s},
 * {@code 2m}.
 */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

    private Durations() {
    }

    /**
     * Parses {@code <digits>ms|s|m}.
     *
     * @param label names the value in the error, e.g. {@code collect-timeout=soon} or {@code --timeout soon}
     * @throws IllegalArgumentException saying what is allowed
     */
    public static Duration parse(String label, String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(label + " is not a duration like 500ms, 5s or 2m");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }
}
