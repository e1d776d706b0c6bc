package dev.quiesce.pf4j.plugins.shouter;

import dev.quiesce.pf4j.testapi.Lifecycle;
import org.pf4j.Plugin;

/** The shouter plugin, which depends on greeter. */
public class ShouterPlugin extends Plugin {
    @Override
    public void stop() {
        Lifecycle.stopped("shouter", 0);
    }
}
