package dev.quiesce.agent.leaks;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ResourceBundle;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * {@code java.util.logging} loggers that hold the module's code strongly: a filter, a handler (or its formatter or
 * filter), a level (a {@link Level} subclass of the module's, on the logger or one of its handlers) or a resource
 * bundle set with {@code setResourceBundle}. Reported, never fixed: the loggers are the host's. A custom level
 * alone holds nothing ({@code Level.KnownLevel} keeps it weakly, and strongly only from its own class loader), nor
 * does a logger of the module's own, which {@code LogManager} holds weakly.
 */
final class LoggingScan {
    private LoggingScan() {
    }

    static List<Leak> find(ModuleObjects module) throws ReflectiveOperationException {
        if (ModuleLayer.boot().findModule("java.logging").isEmpty()) {
            return List.of();
        }
        List<Leak> leaks = new ArrayList<>();
        LogManager manager = LogManager.getLogManager();
        for (String name : Collections.list(manager.getLoggerNames())) {
            Logger logger = manager.getLogger(name);
            if (logger != null) {
                leaks.addAll(holds(module, logger, "java.util.logging logger \"" + name + "\""));
            }
        }
        return leaks;
    }

    private static List<Leak> holds(ModuleObjects module, Logger logger, String where)
            throws ReflectiveOperationException {
        List<Leak> leaks = new ArrayList<>();
        if (module.owns(logger.getFilter())) {
            leaks.add(new Leak(where + " has the filter " + ModuleObjects.describe(logger.getFilter()),
                    "set it back in an @OnUnload hook (logger.setFilter)", null));
        }
        if (module.owns(logger.getLevel())) {
            leaks.add(new Leak(where + " has the module's level " + level(logger.getLevel()),
                    "set it back in an @OnUnload hook (logger.setLevel)", null));
        }
        ResourceBundle bundle = userBundle(logger);
        if (module.owns(bundle)) {
            leaks.add(new Leak(where + " has the module's resource bundle " + ModuleObjects.name(bundle),
                    "a logger keeps its resource bundle for good: log through a logger of the module's own instead",
                    null));
        }
        for (Handler handler : logger.getHandlers()) {
            if (module.owns(handler) || module.owns(handler.getFormatter()) || module.owns(handler.getFilter())) {
                leaks.add(new Leak(where + " has the handler " + ModuleObjects.describe(handler)
                        + " holding the module's code", "remove and close it in an @OnUnload hook"
                        + " (logger.removeHandler, handler.close)", null));
            } else if (module.owns(handler.getLevel())) {
                leaks.add(new Leak(where + " has the handler " + ModuleObjects.describe(handler) + " at the module's"
                        + " level " + level(handler.getLevel()), "set it back in an @OnUnload hook"
                        + " (handler.setLevel)", null));
            }
        }
        return leaks;
    }

    /** The bundle given to {@code setResourceBundle}, read as it is: {@code getResourceBundle()} may load one. */
    private static ResourceBundle userBundle(Logger logger) throws ReflectiveOperationException {
        Object loggerBundle = JdkInternals.field(Logger.class, "loggerBundle").get(logger);
        Field userBundle = JdkInternals.field(loggerBundle.getClass(), "userBundle");
        return (ResourceBundle) userBundle.get(loggerBundle);
    }

    /** "AUDIT (com.acme.AuditLevel)". */
    private static String level(Level level) {
        return level.getName() + " (" + ModuleObjects.name(level) + ")";
    }
}
