package dev.quiesce.agent.unload;

/**
 * The agent's one logger, {@code dev.quiesce}, for every class of the agent. It is obtained here, in the boot
 * loader, so that it is the JDK's lazy logger: {@code java.util.logging} is set up when something is first logged,
 * not at start-up (about 8 ms when a class of the agent jar held the logger in a static field).
 */
public final class AgentLog {
    public static final System.Logger LOG = System.getLogger("dev.quiesce");

    private AgentLog() {
    }
}
