package dev.quiesce.testplugins.coverage;

/** A class first initialised while the module drains, or after it unloaded: its initialiser says it ran. */
public final class LateInit {
    static final String VALUE;

    static {
        Paths.events.accept("LateInit initialised");
        VALUE = "late";
    }

    private LateInit() {
    }

    public static String value() {
        return VALUE;
    }
}
