package dev.quiesce.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.Quiesce;
import dev.quiesce.agent.runtime.Gate;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built quiesce-agent.jar (the integration-test phase, after shade): the nested bootstrap jar is exactly the
 * bootstrap module's classes and the API's; the agent jar's own top level is the agent module's classes and ASM,
 * relocated, so nothing of it can clash with the host's classes; the manifest names the agent's entry points. The
 * modules' classes are found where the test class path has them (the agent module's, the bootstrap module's and the
 * API's artifacts).
 */
class JarLayoutIT {
    private static final String SHADED_ASM = "dev/quiesce/shaded/asm/";
    private static List<String> topLevel;
    private static List<String> nested;
    private static Manifest manifest;

    @BeforeAll
    static void readTheAgentJar() throws IOException {
        String property = System.getProperty("quiesce.agentJar");
        assertNotNull(property, "quiesce.agentJar is not set: JarLayoutIT runs in agent/pom.xml's jar-layout"
                + " execution of mvn verify, once the jar is built");
        Path jar = Path.of(property);
        assertTrue(Files.isRegularFile(jar), jar + " is not built");
        try (JarFile agent = new JarFile(jar.toFile())) {
            topLevel = agent.stream().map(ZipEntry::getName).toList();
            manifest = agent.getManifest();
            ZipEntry bootstrap = agent.getEntry(BootstrapJar.ENTRY);
            assertNotNull(bootstrap, "no nested " + BootstrapJar.ENTRY);
            nested = new ArrayList<>();
            try (ZipInputStream in = new ZipInputStream(agent.getInputStream(bootstrap))) {
                for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    assertEquals(ZipEntry.STORED, entry.getMethod(), entry.getName() + " is compressed");
                    nested.add(entry.getName());
                }
            }
        }
    }

    @Test
    void theNestedJarIsTheBootstrapModulesClassesAndTheApis() throws Exception {
        Set<String> expected = classesOf(Gate.class);
        expected.addAll(classesOf(Quiesce.class));
        assertSameClasses(expected, classes(nested), "the nested jar");
    }

    @Test
    void theTopLevelClassesAreTheAgentModulesAndRelocatedAsm() throws Exception {
        Set<String> others = classes(topLevel);
        others.removeIf(name -> name.startsWith(SHADED_ASM));
        assertSameClasses(classesOf(AgentMain.class), others, "the agent jar's top level (but shaded ASM)");
        assertTrue(topLevel.contains(SHADED_ASM + "ClassReader.class"), "ASM is not shaded in as " + SHADED_ASM);
        assertTrue(topLevel.contains(SHADED_ASM + "commons/GeneratorAdapter.class"), "asm-commons is not shaded in");
    }

    @Test
    void nothingElseIsAtTheTopLevel() {
        List<String> unexpected = topLevel.stream().filter(name -> !name.endsWith("/") && !name.endsWith(".class")
                && !name.equals("META-INF/MANIFEST.MF") && !name.startsWith("META-INF/maven/dev.quiesce/quiesce-agent/")
                && !name.equals(BootstrapJar.ENTRY) && !name.equals("META-INF/quiesce/quiesce-heap-analyzer.jar"))
                .toList();
        assertEquals(List.of(), unexpected, "entries that are neither the agent's classes nor its nested jars");
        List<String> leaking = topLevel.stream().filter(name -> name.startsWith("org/objectweb/")
                || name.startsWith("META-INF/versions/") || name.endsWith("module-info.class")).toList();
        assertEquals(List.of(), leaking, "unrelocated ASM, multi-release or module entries");
    }

    @Test
    void theManifestNamesTheEntryPoints() {
        Attributes main = manifest.getMainAttributes();
        assertEquals("dev.quiesce.agent.AgentMain", main.getValue("Premain-Class"));
        assertEquals("dev.quiesce.agent.AgentMain", main.getValue("Agent-Class"));
        assertEquals("dev.quiesce.agent.cli.Main", main.getValue("Main-Class"));
        assertEquals("true", main.getValue("Can-Retransform-Classes"));
        assertEquals("true", main.getValue("Can-Redefine-Classes"));
    }

    private static void assertSameClasses(Set<String> expected, Set<String> actual, String where) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        assertEquals(Set.of(), missing, "missing from " + where);
        assertEquals(Set.of(), extra, "in " + where + " but not expected there");
    }

    /** The class files of the jar or directory {@code type} was loaded from, by entry name. */
    private static Set<String> classesOf(Class<?> type) throws IOException, URISyntaxException {
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                return classes(files.filter(Files::isRegularFile)
                        .map(file -> location.relativize(file).toString().replace('\\', '/')).toList());
            }
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            return classes(jar.stream().map(ZipEntry::getName).toList());
        }
    }

    private static Set<String> classes(List<String> entries) {
        Set<String> classes = new TreeSet<>();
        entries.stream().filter(name -> name.endsWith(".class")).forEach(classes::add);
        return classes;
    }
}
