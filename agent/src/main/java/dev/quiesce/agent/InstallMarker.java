package dev.quiesce.agent;

/**
 * System properties the agent sets in the JVM it is installed in. The CLI reads them over the Attach API, which
 * loads nothing into the JVM, to tell whether Quiesce is already there and what an attach found.
 */
public final class InstallMarker {
    /** How the agent was started: {@value #JAVAAGENT} or {@value #ATTACH}. Absent while it is not installed. */
    public static final String INSTALLED = "dev.quiesce.agent";
    /** After an attach: one line saying what was retransformed and which modules were found. */
    public static final String ATTACH_SUMMARY = "dev.quiesce.agent.attach";
    public static final String JAVAAGENT = "-javaagent";
    public static final String ATTACH = "attach";

    private InstallMarker() {
    }
}
