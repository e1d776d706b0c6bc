package dev.quiesce.agent.cli;

/** A command that cannot go on: its message is the one line the operator reads, and it ends with {@link #exit}. */
final class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    final ExitCode exit;

    CliException(ExitCode exit, String message) {
        super(message.replaceAll("\\s*\\R\\s*", " "), null, false, false);
        this.exit = exit;
    }

    /** Why an exception happened, in one line: the message of its innermost cause. */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
