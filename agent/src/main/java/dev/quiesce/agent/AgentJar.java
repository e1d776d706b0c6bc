package dev.quiesce.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
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

    /**
     * Copies the jar nested in the agent jar at {@code entry} to {@code target}, replacing what is there.
     *
     * @return false, copying nothing, if the agent jar has no such entry ({@link #incomplete} says so)
     */
    public static boolean extract(String entry, Path target) throws IOException {
        try (JarFile agent = new JarFile(path().toFile())) {
            ZipEntry nested = agent.getEntry(entry);
            if (nested == null) {
                return false;
            }
            try (InputStream in = agent.getInputStream(nested)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        }
    }

    /**
     * An entry the agent jar must have.
     *
     * @throws IOException {@link #incomplete} if it has none
     */
    static ZipEntry entry(JarFile agent, String name) throws IOException {
        ZipEntry entry = agent.getEntry(name);
        if (entry == null) {
            throw incomplete(name);
        }
        return entry;
    }

    /**
     * The agent jar has no {@code entry}: it is not a complete quiesce-agent.jar. A plain {@link IOException}: a
     * subclass would be one more class for start-up to load, as the verifier checks what is thrown.
     */
    public static IOException incomplete(String entry) {
        return new IOException(path() + " has no " + entry + ": it is not a complete quiesce-agent.jar");
    }
}
