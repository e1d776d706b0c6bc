package dev.quiesce.pf4j.testapi;

import org.pf4j.ExtensionPoint;

/** The extension point of the test plugins, on the host's class path. */
public interface Greeting extends ExtensionPoint {
    /** A greeting for {@code name}. */
    String greet(String name);

    /** A greeting for {@code name}, after running {@code inside} from within the call (a host holds calls there). */
    String greet(String name, Runnable inside);
}
