package dev.quiesce.bench;

/** The smallest application: what start-up time is measured on. */
public final class Hello {
    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
