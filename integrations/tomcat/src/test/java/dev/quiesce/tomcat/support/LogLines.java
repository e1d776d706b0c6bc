package dev.quiesce.tomcat.support;

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
    private final List<String> lines = new CopyOnWriteArrayList<>();
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
        lines.add(record.getLevel() + " " + record.getLoggerName() + ": " + MESSAGES.formatMessage(record));
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public String text() {
        return String.join("\n", lines);
    }

    public boolean has(Level level, String part) {
        return lines.stream().anyMatch(l -> l.startsWith(level.getName() + " ") && l.contains(part));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        loggers.forEach(l -> l.removeHandler(this));
    }
}
