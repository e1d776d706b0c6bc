package dev.quiesce.pf4j.plugins.shouter;

import dev.quiesce.pf4j.plugins.greeter.Greetings;
import dev.quiesce.pf4j.testapi.Greeting;
import org.pf4j.Extension;

/** Greets in capitals, with greeter's text: a call into the plugin it depends on. */
@Extension
public class Shouter implements Greeting {
    @Override
    public String greet(String name) {
        return greet(name, () -> { });
    }

    @Override
    public String greet(String name, Runnable inside) {
        inside.run();
        return Greetings.hello(name).toUpperCase(java.util.Locale.ROOT);
    }
}
