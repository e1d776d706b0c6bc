package dev.quiesce.tomcat;

/**
 * {@code context.reload()} on a {@link QuiesceContext} with {@code onTimeout="wait"}: calls were still inside the
 * webapp at {@code drainTimeout}, so the reload did not begin and the old generation goes on serving. The message
 * names the threads inside; Tomcat's log has their stacks. Tomcat's manager app shows it as
 * {@code FAIL - Encountered exception [dev.quiesce.tomcat.ReloadPutOffException: ...]}. Reload again once they have
 * left.
 */
public final class ReloadPutOffException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ReloadPutOffException(String message) {
        super(message);
    }
}
