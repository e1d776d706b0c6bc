package dev.quiesce.testplugins.threads;

import java.util.function.BiFunction;

/**
 * JDK 21's {@code Thread.Builder} and {@code Thread.startVirtualThread}, each kind a call site javac compiled for 21;
 * {@code StartsThreads} reaches this class by name (it is built on JDK 21 and later only).
 */
final class Builders {
    private Builders() {
    }

    static String start(String kind, Runnable body) {
        switch (kind) {
            case "ofVirtual" -> Thread.ofVirtual().name("started-inside").start(body);
            case "ofPlatform" -> Thread.ofPlatform().name("started-inside").start(body);
            case "builder" -> {
                Thread.Builder builder = Thread.ofVirtual().name("started-inside");
                builder.start(body);
            }
            case "unstarted" -> Thread.ofPlatform().name("started-inside").unstarted(body).start();
            case "startVirtualThread" -> Thread.startVirtualThread(body);
            case "builderReference" -> {
                BiFunction<Thread.Builder, Runnable, Thread> start = Thread.Builder::start;
                start.apply(Thread.ofVirtual(), body);
            }
            default -> throw new IllegalArgumentException(kind);
        }
        return "started";
    }
}
