package dev.quiesce.devserver;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line.
 *
 * @param plugins      the directory of plugin jars to serve and watch
 * @param port         the port on 127.0.0.1; 0 picks a free one
 * @param drainTimeout how long an unload waits for the requests inside an old generation
 * @param poll         how often the directory is looked at
 */
record Options(Path plugins, int port, Duration drainTimeout, Duration poll) {
    static final String USAGE = """
            usage: java -javaagent:agent/target/quiesce-agent.jar -jar sample-app/target/quiesce-sample-app.jar \\
                       --plugins <dir> [--port <port>] [--drain-timeout <duration>] [--poll <duration>]
              --plugins <dir>             directory of plugin jars; each <name>.jar is served at /<name>/ (required)
              --port <port>               port on 127.0.0.1, 0 for any free port (default 8080)
              --drain-timeout <duration>  how long a redeploy waits for requests inside the old generation (default 30s)
              --poll <duration>           how often the directory is checked for changed jars (default 250ms)
            durations: 500ms, 30s, 2m""";

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");
    private static final Map<String, ChronoUnit> UNITS = Map.of("ms", ChronoUnit.MILLIS, "s", ChronoUnit.SECONDS,
            "m", ChronoUnit.MINUTES);

    /** Thrown for a bad command line; the message says what was wrong. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    static Options parse(String... args) throws Invalid {
        Path plugins = null;
        int port = 8080;
        Duration drainTimeout = Duration.ofSeconds(30);
        Duration poll = Duration.ofMillis(250);
        for (int i = 0; i < args.length; i += 2) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new Invalid(flag.startsWith("--") ? flag + " needs a value" : "unexpected argument '" + flag + "'");
            }
            String value = args[i + 1];
            switch (flag) {
                case "--plugins" -> plugins = Path.of(value);
                case "--port" -> port = port(value);
                case "--drain-timeout" -> drainTimeout = duration(flag, value);
                case "--poll" -> poll = duration(flag, value);
                default -> throw new Invalid("unknown option '" + flag + "'");
            }
        }
        if (plugins == null) {
            throw new Invalid("--plugins <dir> is required");
        }
        if (poll.isZero()) {
            throw new Invalid("--poll must be more than 0");
        }
        return new Options(plugins, port, drainTimeout, poll);
    }

    private static int port(String value) throws Invalid {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // explained below
        }
        throw new Invalid("--port " + value + " is not a port: use 0 to 65535");
    }

    private static Duration duration(String flag, String value) throws Invalid {
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new Invalid(flag + " " + value + " is not a duration like 500ms, 30s or 2m");
        }
        return Duration.of(Long.parseLong(m.group(1)), UNITS.get(m.group(2)));
    }
}
