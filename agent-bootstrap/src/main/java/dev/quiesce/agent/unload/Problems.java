package dev.quiesce.agent.unload;

import dev.quiesce.UnloadReport;
import java.util.ArrayList;
import java.util.List;

/**
 * What went wrong during one unload, for its report: one line per failure of a hook, listener, observer, leak fix,
 * leak scan or the collection check, whatever it threw. A failure never stops the protocol.
 *
 * <p>The one exception kept for later is a {@link VirtualMachineError} other than {@link StackOverflowError} (an
 * {@link OutOfMemoryError}, {@link InternalError}, {@link UnknownError}): it says the JVM itself may be failing, so
 * the unload finishes, leaves the module consistent, reports, and then rethrows the first such error
 * ({@link #rethrowFatal}). A {@code StackOverflowError} is only reported: the frames that overflowed are unwound by
 * the time it is caught. Proved by {@code UnloadFailureTest}.
 */
final class Problems {
    private final List<String> lines = new ArrayList<>();
    private VirtualMachineError fatal;

    void add(String line) {
        lines.add(line);
    }

    void addAll(List<String> more) {
        lines.addAll(more);
    }

    /** Reports a failure ({@code line} names it and what was thrown) and keeps {@code thrown} if it is fatal. */
    void failed(String line, Throwable thrown) {
        lines.add(line);
        if (fatal == null && thrown instanceof VirtualMachineError error && !(error instanceof StackOverflowError)) {
            fatal = error;
        }
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * Rethrows the first fatal error reported, if any, with the report's summary attached as a suppressed exception
     * (so nothing is lost); call once the module is consistent and the report logged. Once: a later step of the same
     * unload (the collection check after a two-part teardown's end) does not throw it again.
     */
    void rethrowFatal(UnloadReport report) {
        VirtualMachineError error = fatal;
        if (error != null) {
            fatal = null;
            error.addSuppressed(new IllegalStateException("the unload went on and ended: " + report.summary()));
            throw error;
        }
    }
}
