package dev.quiesce.devserver;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The server's log: one timestamped line per event on standard output, tagged with what it is about. The agent's
 * own log ({@code java.util.logging}, standard error) gets the same one-line shape and only its warnings, less the
 * reports of the server's own unloads: the server logs every one of those itself.
 */
final class Log {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    /** Held so the level set on it stays. */
    private static final Logger AGENT = Logger.getLogger("dev.quiesce");

    private Log() {
    }

    static void say(String topic, String text) {
        System.out.println(TIME.format(LocalTime.now()) + " [" + topic + "] " + text);
    }

    static void configureAgentLog() {
        AGENT.setLevel(Level.WARNING);
        AGENT.setFilter(record -> !Unloads.isOwnReport(record.getMessage()));
        Formatter oneLine = new Formatter() {
            @Override
            public String format(LogRecord r) {
                LocalTime time = LocalTime.ofInstant(Instant.ofEpochMilli(r.getMillis()), ZoneId.systemDefault());
                return TIME.format(time) + " [agent] " + r.getLevel() + " " + formatMessage(r)
                        + (r.getThrown() == null ? "" : " " + r.getThrown()) + System.lineSeparator();
            }
        };
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handler.setFormatter(oneLine);
        }
    }
}
