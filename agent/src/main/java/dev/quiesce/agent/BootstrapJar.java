package dev.quiesce.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The runtime that must be visible to every class loader (the API, the counting runtime, the unload protocol, the
 * leak scan, the control MXBean and the Flight Recorder events). It ships inside the agent jar as a nested jar, so
 * the agent's own classes and shaded ASM stay out of the boot loader; {@link BootRuntime} defines its classes there,
 * or appends it to the bootstrap class path.
 */
final class BootstrapJar {
    static final String ENTRY = "META-INF/quiesce/bootstrap.jar";
    private static final String DEFINER = UnsafeDefiner.class.getName().replace('.', '/') + ".class";

    private BootstrapJar() {
    }

    /**
     * What defining the runtime takes from the agent jar: the nested jar's class files (binary name to bytes, in jar
     * order, {@code module-info} left out) and {@link UnsafeDefiner}'s class file.
     */
    record Contents(Map<String, byte[]> classFiles, byte[] definer) {
    }

    /** Reads the agent jar once. */
    static Contents read() throws IOException {
        try (JarFile agent = new JarFile(AgentJar.path().toFile());
             ZipInputStream nested = new ZipInputStream(agent.getInputStream(AgentJar.entry(agent, ENTRY)));
             InputStream definer = agent.getInputStream(AgentJar.entry(agent, DEFINER))) {
            Map<String, byte[]> classFiles = new LinkedHashMap<>();
            for (ZipEntry entry = nested.getNextEntry(); entry != null; entry = nested.getNextEntry()) {
                String name = entry.getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    classFiles.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'),
                            nested.readAllBytes());
                }
            }
            return new Contents(classFiles, definer.readAllBytes());
        }
    }

    /** Extracts the nested jar to a temporary file and appends it to the bootstrap class path. */
    static void append(Instrumentation instrumentation) throws IOException {
        Path extracted = Files.createTempFile("quiesce-bootstrap-", ".jar");
        extracted.toFile().deleteOnExit();
        if (!AgentJar.extract(ENTRY, extracted)) {
            throw AgentJar.incomplete(ENTRY);
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(extracted.toFile()));
    }
}
