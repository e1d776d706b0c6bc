package dev.quiesce.testplugins.discovery;

import dev.quiesce.OnUnload;
import dev.quiesce.Unloadable;

/** The plugin's annotated class, loaded after {@link Util}: it makes the loader a module. */
@Unloadable("discovery")
public final class Plugin {
    private Plugin() {
    }

    @OnUnload
    static void teardown() {
        int inside = Util.INSIDE.get();
        if (inside != 0) {
            Util.violations.incrementAndGet();
        }
        Util.tornDown = true;
        Util.events.accept("onUnload inside=" + inside);
    }
}
