package dev.quiesce.testplugins.leaky;

import dev.quiesce.Unloadable;

/** Registers a shutdown hook and never removes it. */
@Unloadable("stray-shutdown-hook")
public class StrayShutdownHook {
    public void start() {
        Runtime.getRuntime().addShutdownHook(new Thread(new Flush(), "stray-flush"));
    }

    private static final class Flush implements Runnable {
        @Override
        public void run() {
        }
    }
}
