package dev.quiesce.pf4j.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** The PF4J plugin jars the build made (test-plugins/NAME/target/NAME.jar), copied into a plugins root per test. */
public final class TestPlugins {
    private TestPlugins() {
    }

    /** The built jar of a test plugin: greeter, shouter, leaky or faulty. */
    public static Path jar(String name) {
        Path jar = Path.of(System.getProperty("quiesce.testPlugins"), name, "target", name + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the test plugins first (mvn verify)");
        }
        return jar;
    }

    /** A new plugins root holding copies of these test plugins' jars. */
    public static Path root(String... names) {
        try {
            Path root = Files.createTempDirectory("pf4j-plugins");
            for (String name : names) {
                Files.copy(jar(name), root.resolve(name + ".jar"));
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies a test plugin's jar into {@code root} as plugin {@code id}, depending on {@code dependencies} (PF4J's
     * Plugin-Dependencies syntax): the same classes, another descriptor.
     */
    public static Path copyAs(Path root, String name, String id, String dependencies) {
        return copy(root, name, id + ".jar", Map.of("Plugin-Id", id, "Plugin-Dependencies", dependencies));
    }

    /** Copies a test plugin's jar into {@code root} as another version of it: the same classes and id. */
    public static Path copyAsVersion(Path root, String name, String version) {
        return copy(root, name, name + "-" + version + ".jar", Map.of("Plugin-Version", version));
    }

    private static Path copy(Path root, String name, String fileName, Map<String, String> descriptor) {
        Path target = root.resolve(fileName);
        try (JarFile in = new JarFile(jar(name).toFile())) {
            Manifest manifest = new Manifest(in.getManifest());
            Attributes main = manifest.getMainAttributes();
            descriptor.forEach(main::putValue);
            try (OutputStream file = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(file,
                    manifest)) {
                for (Enumeration<JarEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                    JarEntry entry = entries.nextElement();
                    if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream body = in.getInputStream(entry)) {
                        body.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
