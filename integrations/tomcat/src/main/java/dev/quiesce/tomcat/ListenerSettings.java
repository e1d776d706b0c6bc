package dev.quiesce.tomcat;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The listener's attributes as written in {@code context.xml} ({@code drainTimeout="30s" onTimeout="wait"}), checked
 * when the webapp starts. Durations are written as in the agent's arguments: {@code 500ms}, {@code 30s}, {@code 2m}.
 */
record ListenerSettings(Duration drainTimeout, OnTimeout onTimeout) {
    static final String DEFAULT_DRAIN_TIMEOUT = "30s";
    static final String DEFAULT_ON_TIMEOUT = "wait";
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

    /**
     * @throws IllegalArgumentException naming the attribute, what it was and what is allowed
     */
    static ListenerSettings parse(String drainTimeout, String onTimeout) {
        return new ListenerSettings(duration(drainTimeout), onTimeout(onTimeout));
    }

    private static Duration duration(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("drainTimeout=\"" + text + "\" is not a duration like 500ms, 30s or 2m");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }

    private static OnTimeout onTimeout(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "wait" -> OnTimeout.WAIT;
            case "proceed" -> OnTimeout.PROCEED;
            default -> throw new IllegalArgumentException("onTimeout=\"" + text + "\" is neither wait (keep waiting"
                    + " for the work inside, the default) nor proceed (tear down at the timeout, as Tomcat does)");
        };
    }
}
