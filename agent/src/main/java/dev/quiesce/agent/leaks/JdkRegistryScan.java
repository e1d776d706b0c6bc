package dev.quiesce.agent.leaks;

import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * JDK-wide registries that hold a module's objects and that only the module can safely undo: security providers
 * and {@code java.util.logging} handlers and filters. Reported, never fixed: the host may rely on them meanwhile.
 */
final class JdkRegistryScan {
    private JdkRegistryScan() {
    }

    static List<Leak> find(ModuleObjects module) {
        List<Leak> leaks = new ArrayList<>();
        for (Provider provider : Security.getProviders()) {
            if (module.owns(provider)) {
                leaks.add(new Leak("security provider " + provider.getName() + " (" + ModuleObjects.name(provider)
                        + ") installed in java.security.Security", "remove it in an @OnUnload hook"
                        + " (Security.removeProvider(\"" + provider.getName() + "\"))", null));
            }
        }
        if (ModuleLayer.boot().findModule("java.logging").isPresent()) {
            leaks.addAll(logging(module));
        }
        return leaks;
    }

    private static List<Leak> logging(ModuleObjects module) {
        List<Leak> leaks = new ArrayList<>();
        LogManager manager = LogManager.getLogManager();
        for (String name : Collections.list(manager.getLoggerNames())) {
            Logger logger = manager.getLogger(name);
            if (logger == null) {
                continue;
            }
            String where = "java.util.logging logger \"" + name + "\"";
            if (module.owns(logger.getFilter())) {
                leaks.add(new Leak(where + " has the filter " + ModuleObjects.describe(logger.getFilter()),
                        "set it back in an @OnUnload hook (logger.setFilter)", null));
            }
            for (Handler handler : logger.getHandlers()) {
                if (module.owns(handler) || module.owns(handler.getFormatter()) || module.owns(handler.getFilter())) {
                    leaks.add(new Leak(where + " has the handler " + ModuleObjects.describe(handler)
                            + " holding the module's code", "remove and close it in an @OnUnload hook"
                            + " (logger.removeHandler, handler.close)", null));
                }
            }
        }
        return leaks;
    }
}
