package dev.quiesce.testplugins.leaky;

import dev.quiesce.Unloadable;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Adds a handler to the host's global logger (which the JDK holds strongly) and never removes it. */
@Unloadable("stray-log-handler")
public class StrayLogHandler {
    public void start() {
        Logger.getGlobal().addHandler(new Audit());
    }

    private static final class Audit extends Handler {
        @Override
        public void publish(LogRecord record) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
