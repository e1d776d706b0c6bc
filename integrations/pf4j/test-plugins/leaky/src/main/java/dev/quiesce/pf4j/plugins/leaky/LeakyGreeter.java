package dev.quiesce.pf4j.plugins.leaky;

import dev.quiesce.pf4j.testapi.Greeting;
import org.pf4j.Extension;

/** Greets, like any plugin; its leaks are in {@link LeakyPlugin}. */
@Extension
public class LeakyGreeter implements Greeting {
    @Override
    public String greet(String name) {
        return greet(name, () -> { });
    }

    @Override
    public String greet(String name, Runnable inside) {
        inside.run();
        return "Leaky hello, " + name;
    }
}
