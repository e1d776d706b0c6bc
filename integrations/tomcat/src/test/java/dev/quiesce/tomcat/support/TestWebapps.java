package dev.quiesce.tomcat.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** The test webapps' jars, as the build made them (integrations/tomcat/test-webapps). */
public final class TestWebapps {
    private TestWebapps() {
    }

    public static Path jar(String webapp) {
        Path jar = Path.of(System.getProperty("quiesce.testWebapps"), webapp, "target", webapp + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no test webapp jar " + jar + ": build integrations/tomcat/test-webapps");
        }
        return jar;
    }
}
