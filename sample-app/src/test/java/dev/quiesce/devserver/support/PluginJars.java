package dev.quiesce.devserver.support;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The sample plugin jars the build made, variants of them, and plugin jars compiled on the spot: from a source in
 * the test, or from a test plugin's sources under {@code src/test/resources/plugins}. Jars go into a
 * plugins directory the way an editor or build tool replaces a file: written beside it under a dot name, then
 * renamed over it.
 */
public final class PluginJars {
    private PluginJars() {
    }

    /** A sample plugin's jar: {@code hello}, {@code slow} or {@code leaky}. */
    public static Path sample(String name) {
        return Path.of(System.getProperty("quiesce.samplePlugins"), name, "target", name + ".jar");
    }

    /** Puts a copy of {@code jar} into {@code dir} as {@code name}, atomically. */
    public static void install(Path jar, Path dir, String name) throws IOException {
        Path temp = dir.resolve("." + name + ".tmp");
        Files.copy(jar, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Puts bytes into {@code dir} as {@code name}, atomically. */
    public static void install(byte[] content, Path dir, String name) throws IOException {
        Path temp = dir.resolve("." + name + ".tmp");
        Files.write(temp, content);
        Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A copy of the hello plugin whose greeting is {@code greeting}. */
    public static Path helloSaying(String greeting, Path workDir) throws IOException {
        Path jar = Files.createTempFile(workDir, "hello-", ".jar");
        Files.copy(sample("hello"), jar, StandardCopyOption.REPLACE_EXISTING);
        edit(jar, Map.of("greeting.txt", greeting));
        return jar;
    }

    /** Compiles one plugin class against the Quiesce API into a jar naming it as the entry class. */
    public static Path compiled(String className, String source, Path workDir) throws IOException {
        Path src = Files.createTempDirectory(workDir, "src");
        Files.writeString(src.resolve(className.substring(className.lastIndexOf('.') + 1) + ".java"), source);
        return compiledFrom(src, className, workDir);
    }

    /**
     * Compiles a test plugin kept as sources under {@code src/test/resources/plugins/<name>} into a jar naming
     * {@code entryClass} as the entry class.
     */
    public static Path testPlugin(String name, String entryClass, Path workDir) throws IOException {
        try {
            URL sources = PluginJars.class.getResource("/plugins/" + name);
            if (sources == null) {
                throw new AssertionError("no test plugin sources at src/test/resources/plugins/" + name);
            }
            return compiledFrom(Path.of(sources.toURI()), entryClass, workDir);
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static Path compiledFrom(Path src, String entryClass, Path workDir) throws IOException {
        Path classes = Files.createTempDirectory(workDir, "classes");
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp",
                System.getProperty("java.class.path")));
        try (var files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new AssertionError("javac failed on " + src);
        }
        Path jar = Files.createTempFile(workDir, "compiled-", ".jar");
        Files.delete(jar);
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of("create", "true"))) {
            try (var classFiles = Files.walk(classes)) {
                for (Path c : classFiles.filter(Files::isRegularFile).toList()) {
                    Path target = zip.getPath(classes.relativize(c).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(c, target);
                }
            }
        }
        edit(jar, Map.of("META-INF/services/java.util.function.Function", entryClass));
        return jar;
    }

    /** Writes these entries into a jar, replacing any of the same name. */
    public static void edit(Path jar, Map<String, String> entries) throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(jar)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                Path target = zip.getPath(entry.getKey());
                if (target.getParent() != null) {
                    Files.createDirectories(target.getParent());
                }
                Files.write(target, List.of(entry.getValue()), StandardCharsets.UTF_8);
            }
        }
    }
}
