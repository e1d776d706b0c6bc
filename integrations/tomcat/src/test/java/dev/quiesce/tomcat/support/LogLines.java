package dev.quiesce.tomcat.support;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** The log records of Quiesce (the integration and the agent) and of Tomcat's webapp loader, while open. */
public final class LogLines extends Handler implements AutoCloseable {
    private static final String[] NAMES = {"dev.quiesce", "org.apache.catalina.loader"};
    private static final SimpleFormatter MESSAGES = new SimpleFormatter();
    private record Line(Instant at, String text) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    /** Held so that the configured loggers are not collected with their handler. */
    private final List<Logger> loggers = new CopyOnWriteArrayList<>();

    public LogLines() {
        for (String name : NAMES) {
            Logger logger = Logger.getLogger(name);
            logger.addHandler(this);
            loggers.add(logger);
        }
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(new Line(record.getInstant(), record.getLevel() + " " + record.getLoggerName() + ": "
                + MESSAGES.formatMessage(record)));
    }

    public List<String> lines() {
        return lines.stream().map(Line::text).toList();
    }

    /** When each line that contains {@code part} was logged, in order. */
    public List<Instant> times(String part) {
        return lines.stream().filter(l -> l.text().contains(part)).map(Line::at).toList();
    }

    public String text() {
        return String.join("\n", lines());
    }

    public boolean has(Level level, String part) {
        return lines().stream().anyMatch(l -> l.startsWith(level.getName() + " ") && l.contains(part));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        loggers.forEach(l -> l.removeHandler(this));
    }
}
