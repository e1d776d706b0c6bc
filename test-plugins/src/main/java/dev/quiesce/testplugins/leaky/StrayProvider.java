package dev.quiesce.testplugins.leaky;

import dev.quiesce.Unloadable;
import java.security.Provider;
import java.security.Security;

/** Installs a security provider and never removes it. */
@Unloadable("stray-provider")
public class StrayProvider {
    public void start() {
        Security.addProvider(new Stray());
    }

    private static final class Stray extends Provider {
        Stray() {
            super("StrayProvider", "1.0", "installed by a module and never removed");
        }
    }
}
