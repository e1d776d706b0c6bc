package dev.quiesce.agent;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The agent jar this code runs from: the agent appends its nested jar from it, and the CLI loads it into JVMs. */
public final class AgentJar {
    private AgentJar() {
    }

    /**
     * @throws IllegalStateException if this code does not run from a jar file
     */
    public static Path path() {
        try {
            Path location = Path.of(AgentJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!location.toString().endsWith(".jar")) {
                throw new IllegalStateException("Quiesce runs from " + location + ", not from quiesce-agent.jar");
            }
            return location;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate quiesce-agent.jar: " + e.getMessage(), e);
        }
    }
}
