package dev.quiesce.pf4j.plugins.greeter;

import dev.quiesce.pf4j.testapi.Greeting;
import org.pf4j.Extension;

/** Greets, counting itself in {@link GreeterPlugin#CALLS_INSIDE} while it runs. */
@Extension
public class Greeter implements Greeting {
    @Override
    public String greet(String name) {
        return greet(name, () -> { });
    }

    @Override
    public String greet(String name, Runnable inside) {
        GreeterPlugin.CALLS_INSIDE.incrementAndGet();
        try {
            inside.run();
            return Greetings.hello(name);
        } finally {
            GreeterPlugin.CALLS_INSIDE.decrementAndGet();
        }
    }
}
