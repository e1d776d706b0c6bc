package dev.quiesce.it.forked;

/** A host that only says it started: for start-up tests of the agent. */
public final class HelloMain {
    private HelloMain() {
    }

    public static void main(String[] args) {
        System.out.println("application started");
    }
}
