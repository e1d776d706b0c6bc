package dev.quiesce.tomcat.testapi;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the test webapps did, in order, as plain strings (so the list holds nothing of a webapp). */
public final class Events {
    private static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    private Events() {
    }

    public static void add(String event) {
        EVENTS.add(event);
    }

    public static List<String> all() {
        return List.copyOf(EVENTS);
    }

    public static boolean has(String event) {
        return EVENTS.contains(event);
    }

    public static void reset() {
        EVENTS.clear();
    }
}
