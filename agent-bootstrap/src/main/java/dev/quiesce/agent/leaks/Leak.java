package dev.quiesce.agent.leaks;

/**
 * Something that holds a module's class loader after its teardown. It holds the module's objects itself, through
 * its fix: drop it before the collection check.
 *
 * @param what     what holds it, naming the object
 * @param howToFix what the module (or host) should do about it
 * @param fix      the agent's own fix, or null where none is safe for the host
 */
record Leak(String what, String howToFix, Fix fix) {

    /** A fix the agent can apply. */
    @FunctionalInterface
    interface Fix {
        /**
         * Applies the fix, waiting for nothing past the deadline.
         *
         * @return what was done, for the report
         * @throws Exception if it could not be done; the message says what was left (a thread that was interrupted
         *                   but did not end is left running)
         */
        String apply(long deadlineNanos) throws Exception;
    }

    /** One line for the report. */
    String text() {
        return what + ": " + howToFix;
    }
}
