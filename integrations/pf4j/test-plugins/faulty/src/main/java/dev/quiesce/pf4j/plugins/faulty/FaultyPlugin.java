package dev.quiesce.pf4j.plugins.faulty;

import dev.quiesce.pf4j.testapi.Lifecycle;
import org.pf4j.Plugin;

/** A plugin whose start() or stop() throws when the test asks ({@link Lifecycle#fail}). */
public class FaultyPlugin extends Plugin {
    @Override
    public void start() {
        if (Lifecycle.shouldFail("faulty", "start")) {
            throw new IllegalStateException("faulty: start() failed on purpose");
        }
    }

    @Override
    public void stop() {
        Lifecycle.stopped("faulty", 0);
        if (Lifecycle.shouldFail("faulty", "stop")) {
            throw new IllegalStateException("faulty: stop() failed on purpose");
        }
    }
}
