package dev.quiesce.devserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.devserver.support.PluginJars;
import dev.quiesce.devserver.support.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redeploys do not grow Metaspace. Measured (-Xmx128m, serial GC, C1 only, three runs each): 49 redeploys of hello
 * after the first add 15 to 16 KB of Metaspace on JDK 17 and 27 to 28 KB on JDK 25, the host's own JIT and profiling
 * data; one retained generation costs about 6.4 KB on JDK 17 and 7.5 KB on JDK 25 (the leaky plugin). The tolerance,
 * 64 KB, is more than twice the largest growth and less than what 12 retained generations would add; the second test
 * shows a real leak crossing it.
 */
class MetaspaceTest {
    static final long TOLERANCE = 64 * 1024;

    @TempDir
    Path work;

    @Test
    void metaspaceAfterFiftyRedeploysStaysWithinToleranceOfItsLevelAfterTheFirst() throws Exception {
        Growth growth = growthOverRedeploys("hello", 50, "COLLECTED", "");
        assertTrue(growth.classesUnloaded() >= 49, "old generations' classes were not unloaded: " + growth);
        assertTrue(growth.bytes() < TOLERANCE, "Metaspace grew over the tolerance of " + TOLERANCE + ": " + growth);
    }

    @Test
    void aLeakingPluginCrossesTheTolerance() throws Exception {
        Growth growth = growthOverRedeploys("leaky", 17, "RETAINED", "collect-timeout=1s,fix-leaks=false");
        assertTrue(growth.bytes() > TOLERANCE, "16 retained generations grew Metaspace by only " + growth + ": the"
                + " tolerance of " + TOLERANCE + " would not catch a leak");
    }

    /** Metaspace growth in bytes, and classes unloaded, from after the first redeploy to after the last. */
    private record Growth(long bytes, long classesUnloaded) {
    }

    /** Redeploys a plugin, each time awaiting the old generation's report. */
    private Growth growthOverRedeploys(String plugin, int redeploys, String outcome, String agentArgs) throws Exception {
        Path plugins = Files.createDirectory(work.resolve("plugins"));
        PluginJars.install(PluginJars.sample(plugin), plugins, plugin + ".jar");
        try (ServerProcess server = ServerProcess.start(plugins, agentArgs)) {
            long afterFirst = 0;
            long unloadedAfterFirst = 0;
            for (int redeploy = 1; redeploy <= redeploys; redeploy++) {
                PluginJars.install(PluginJars.sample(plugin), plugins, plugin + ".jar");
                String old = redeploy == 1 ? plugin : plugin + "#" + redeploy;
                server.awaitLog(outcome + ": module '" + old + "' unloaded", Duration.ofSeconds(15));
                assertEquals(200, server.get("/" + plugin + "/").status());
                if (redeploy == 1) {
                    server.metaspaceUsed(); // loads the status page's classes before the measurement
                    afterFirst = server.metaspaceUsed();
                    unloadedAfterFirst = server.classesUnloaded();
                }
            }
            Growth growth = new Growth(server.metaspaceUsed() - afterFirst,
                    server.classesUnloaded() - unloadedAfterFirst);
            System.out.printf("%s: Metaspace after redeploy 1: %d bytes; after redeploy %d: %+d bytes;"
                    + " %d classes unloaded in between%n", plugin, afterFirst, redeploys, growth.bytes(),
                    growth.classesUnloaded());
            return growth;
        }
    }
}
