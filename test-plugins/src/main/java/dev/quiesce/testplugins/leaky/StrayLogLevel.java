package dev.quiesce.testplugins.leaky;

import dev.quiesce.Unloadable;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Sets a custom {@link Level} of its own on the host's global logger and never sets it back. */
@Unloadable("stray-log-level")
public class StrayLogLevel {
    public void start() {
        Logger.getGlobal().setLevel(new Audit());
    }

    private static final class Audit extends Level {
        private static final long serialVersionUID = 1L;

        Audit() {
            super("AUDIT", 850);
        }
    }
}
