package dev.quiesce.tomcat;

/**
 * Who started a reload that drains before it begins, and so what happens when {@code onTimeout=wait} puts it off:
 * each says it in the log line that names the threads inside.
 */
enum ReloadOrigin {
    /** The listener's check of a {@code reloadable} context's classes, on Tomcat's background thread. */
    RELOADABLE_CHECK("a reloadable context's check tries again at its next run"),
    /** {@link QuiesceContextListener#reload}, or {@code context.reload()} on a {@link QuiesceContext}. */
    CALLER("the caller is told (listener.reload() returns false, context.reload() throws ReloadPutOffException,"
            + " which the manager app shows as FAIL); reload again once they have left"),
    /** {@code HostConfig}, for a changed reload resource ({@code WEB-INF/web.xml}): it will not call again. */
    HOST_CONFIG("HostConfig's reload is kept: the context tries again at each of its background checks"),
    /** The retry of a reload HostConfig started and Quiesce put off, at the context's background check. */
    KEPT_RELOAD("the context tries again at its next background check");

    private final String next;

    ReloadOrigin(String next) {
        this.next = next;
    }

    /** What happens after a put-off, for the log. */
    String next() {
        return next;
    }
}
