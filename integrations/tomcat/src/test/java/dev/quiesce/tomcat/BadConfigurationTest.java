package dev.quiesce.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.Quiesce;
import dev.quiesce.tomcat.support.EmbeddedTomcat;
import dev.quiesce.tomcat.support.LogLines;
import dev.quiesce.tomcat.support.NoAgentMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.apache.catalina.Context;
import org.apache.catalina.core.StandardHost;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * A listener configured in the webapp's META-INF/context.xml (Tomcat's digester sets the attributes) with a bad
 * value, a {@link QuiesceContext} with one, and a listener in a JVM without the agent: a clear error when the context
 * starts, and Tomcat starts the webapp.
 */
class BadConfigurationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/bad-duration|drainTimeout=\"soon\"|drainTimeout=\"soon\" is not a duration like 500ms, 30s or 2m",
        "/bad-policy|onTimeout=\"later\"|onTimeout=\"later\" is neither wait (keep waiting for the work inside,"
            + " the default) nor proceed (tear down at the timeout, as Tomcat does)"})
    void aBadAttributeIsAClearErrorAndTheWebappStarts(String path, String attribute, String message) {
        String contextXml = "<Context><Listener className=\"dev.quiesce.tomcat.QuiesceContextListener\" "
                + attribute + "/></Context>";
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(); LogLines log = new LogLines()) {
            tomcat.deploy("shop", path, contextXml, c -> { });
            tomcat.start();
            assertTrue(log.has(Level.SEVERE, "Quiesce is off for context '" + path + "': " + message
                    + " in <Listener className=\"dev.quiesce.tomcat.QuiesceContextListener\"/>. Fix the attribute"),
                    log.text());
            assertEquals(200, tomcat.getNow(path + "/gen").statusCode());
            assertTrue(Quiesce.module(path).isEmpty(), "no module for a context Quiesce is off for");
        }
    }

    @Test
    void aBadAttributeOfAQuiesceContextIsTheSameErrorAndTheWebappStartsAndReloadsAsTomcatDoes() {
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(); LogLines log = new LogLines()) {
            ((StandardHost) tomcat.tomcat().getHost()).setContextClass(QuiesceContext.class.getName());
            Context context = tomcat.deploy("shop", "/bad-context", "<Context drainTimeout=\"soon\"/>", c -> { });
            tomcat.start();
            assertTrue(log.has(Level.SEVERE, "Quiesce is off for context '/bad-context': drainTimeout=\"soon\" is not"
                    + " a duration like 500ms, 30s or 2m in <Context className=\"dev.quiesce.tomcat.QuiesceContext\"/>."
                    + " Fix the attribute"), log.text());
            assertEquals(200, tomcat.getNow("/bad-context/gen").statusCode());
            context.reload();
            assertEquals(200, tomcat.getNow("/bad-context/gen").statusCode(), "Tomcat's own reload");
            assertTrue(Quiesce.module("/bad-context").isEmpty(), "no module for a context Quiesce is off for");
        }
    }

    @Test
    void goodAttributesInContextXmlAreUsed() {
        String contextXml = "<Context><Listener className=\"dev.quiesce.tomcat.QuiesceContextListener\""
                + " drainTimeout=\"2s\" onTimeout=\"proceed\"/></Context>";
        try (EmbeddedTomcat tomcat = new EmbeddedTomcat(); LogLines log = new LogLines()) {
            tomcat.deploy("shop", "/configured", contextXml, c -> { });
            tomcat.start();
            assertTrue(log.has(Level.INFO, "Quiesce guards context '/configured' as module '/configured'"),
                    log.text());
            assertEquals(200, tomcat.getNow("/configured/gen").statusCode());
        }
    }

    @Test
    void withoutTheAgentTheListenerSaysSoAndTheWebappStarts() throws IOException, InterruptedException {
        Path output = Files.createTempFile("no-agent", ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                "-Dquiesce.testWebapps=" + System.getProperty("quiesce.testWebapps"), NoAgentMain.class.getName()))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the JVM without the agent ends");
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), text);
        assertTrue(text.contains("SEVERE dev.quiesce.tomcat.QuiesceContextListener: Quiesce is off for context"
                + " '/plain': the Quiesce agent is not in this JVM. Start Tomcat with"
                + " -javaagent:/path/to/quiesce-agent.jar"), text);
        assertTrue(text.contains("GET /plain/gen: 200"), text);
    }
}
