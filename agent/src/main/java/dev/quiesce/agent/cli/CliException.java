package dev.quiesce.agent.cli;

/** A command that cannot go on: its message is the one line the operator reads, and it ends with {@link #exit}. */
final class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    final ExitCode exit;

    CliException(ExitCode exit, String message) {
        super(message, null, false, false);
        this.exit = exit;
    }
}
