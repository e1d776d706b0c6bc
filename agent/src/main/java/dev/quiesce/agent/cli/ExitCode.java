package dev.quiesce.agent.cli;

import dev.quiesce.agent.control.WireNames;

/** The CLI's exit codes, as documented in {@code --help} and the README. */
enum ExitCode {
    OK(0, "done; for unload: the outcome is COLLECTED"),
    FAILED(1, "the command failed in the target JVM: the agent did not start, or the connection was lost"),
    USAGE(2, "the command line is wrong"),
    NO_TARGET(3, "cannot reach Quiesce in the target: no such process, not a JVM, another user's JVM, attach not"
            + " allowed, no connection to the URL, or Quiesce not installed there"),
    REFUSED(4, "refused, nothing changed: unknown module; for unload, one already draining or unloaded; for"
            + " leaks, one not unloaded"),
    RETAINED(5, "unloaded, but the module's class loader was not collected; for leaks: something holds one"),
    TIMED_OUT(6, "calls were still inside at the timeout; the module is ACTIVE again, untouched");

    final int code;
    final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The code for an unload outcome ({@code COLLECTED}, {@code RETAINED}, {@code TIMED_OUT}). */
    static ExitCode of(String outcome) {
        return switch (outcome) {
            case WireNames.COLLECTED -> OK;
            case WireNames.RETAINED -> RETAINED;
            case WireNames.TIMED_OUT -> TIMED_OUT;
            default -> FAILED;
        };
    }

    static String table() {
        StringBuilder text = new StringBuilder("Exit codes:\n");
        for (ExitCode exit : values()) {
            text.append("  ").append(exit.code).append("  ").append(exit.meaning).append('\n');
        }
        return text.toString();
    }
}
