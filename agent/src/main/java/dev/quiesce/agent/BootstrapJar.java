package dev.quiesce.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Puts the runtime (the API, the counting runtime, the unload protocol, the leak scan, the control MXBean and the
 * Flight Recorder events) on the bootstrap class path, where code in every class loader can see it. It ships inside
 * the agent jar as a nested jar, so the agent's own classes and shaded ASM stay out of the bootstrap loader.
 */
final class BootstrapJar {
    static final String ENTRY = "META-INF/quiesce/bootstrap.jar";

    private BootstrapJar() {
    }

    static void append(Instrumentation instrumentation) throws IOException {
        Path agentJar = AgentJar.path();
        Path extracted = Files.createTempFile("quiesce-bootstrap-", ".jar");
        extracted.toFile().deleteOnExit();
        try (JarFile agent = new JarFile(agentJar.toFile())) {
            ZipEntry entry = agent.getEntry(ENTRY);
            if (entry == null) {
                throw new IOException(agentJar + " has no " + ENTRY + ": it is not a complete quiesce-agent.jar");
            }
            try (InputStream in = agent.getInputStream(entry)) {
                Files.copy(in, extracted, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(extracted.toFile()));
    }
}
