package dev.quiesce.agent.leaks;

/**
 * Something that holds a module's class loader after its teardown.
 *
 * @param what     what holds it, naming the object
 * @param howToFix what the module (or host) should do about it
 * @param fix      the agent's own fix, or null where none is safe for the host
 */
public record Leak(String what, String howToFix, Fix fix) {

    /** A fix the agent can apply; it either does all of its work or leaves things as they were. */
    @FunctionalInterface
    public interface Fix {
        /**
         * Applies the fix, waiting for nothing past the deadline.
         *
         * @return what was done, for the report
         * @throws Exception if it could not be done; nothing was changed then
         */
        String apply(long deadlineNanos) throws Exception;
    }

    /** One line for the report. */
    public String text() {
        return what + ": " + howToFix;
    }
}
