package dev.quiesce.pf4j.plugins.greeter;

/** The greeting text; other plugins (shouter) use it through their dependency on greeter. */
public final class Greetings {
    private Greetings() {
    }

    public static String hello(String name) {
        return "Hello, " + name + "!";
    }
}
