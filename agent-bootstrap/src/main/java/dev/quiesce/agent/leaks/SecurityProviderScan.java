package dev.quiesce.agent.leaks;

import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;

/**
 * Security providers of the module's classes, installed JDK-wide. Reported, never fixed: the host may rely on them
 * meanwhile.
 */
final class SecurityProviderScan {
    private SecurityProviderScan() {
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
        return leaks;
    }
}
