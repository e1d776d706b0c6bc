package dev.quiesce.pf4j.plugins.greeter;

import dev.quiesce.pf4j.testapi.Lifecycle;
import java.util.concurrent.atomic.AtomicInteger;
import org.pf4j.Plugin;

/** The greeter plugin: its stop() reports how many extension calls were inside it. */
public class GreeterPlugin extends Plugin {
    /** Extension calls inside this generation of the plugin now. */
    static final AtomicInteger CALLS_INSIDE = new AtomicInteger();

    @Override
    public void stop() {
        Lifecycle.stopped("greeter", CALLS_INSIDE.get());
    }
}
