package dev.quiesce.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The agent jar this code runs from: the agent reads its nested bootstrap jar from it, the CLI extracts the nested
 * heap analyzer from it and loads it into JVMs.
 */
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

    /** Copies the jar nested in the agent jar at {@code entry} to {@code target}, replacing what is there. */
    public static void extract(String entry, Path target) throws IOException {
        Path agentJar = path();
        try (JarFile agent = new JarFile(agentJar.toFile());
             InputStream in = agent.getInputStream(entry(agent, agentJar, entry))) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * @throws NoSuchFileException if the agent jar has no such entry; its message says so
     */
    static ZipEntry entry(JarFile agent, Path agentJar, String name) throws IOException {
        ZipEntry entry = agent.getEntry(name);
        if (entry == null) {
            throw new NoSuchFileException(null, null, agentJar + " has no " + name + ": it is not a complete"
                    + " quiesce-agent.jar");
        }
        return entry;
    }
}
