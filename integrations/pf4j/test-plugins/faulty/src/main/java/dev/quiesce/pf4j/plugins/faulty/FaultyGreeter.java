package dev.quiesce.pf4j.plugins.faulty;

import dev.quiesce.pf4j.testapi.Greeting;
import org.pf4j.Extension;

/** Greets while the plugin runs. */
@Extension
public class FaultyGreeter implements Greeting {
    @Override
    public String greet(String name) {
        return greet(name, () -> { });
    }

    @Override
    public String greet(String name, Runnable inside) {
        inside.run();
        return "Faulty hello, " + name;
    }
}
