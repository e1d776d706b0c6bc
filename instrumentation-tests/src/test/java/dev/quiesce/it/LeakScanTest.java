package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.it.forked.UnloadOnceMain;
import dev.quiesce.it.support.ForkedJvm;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One module per leak kind, each unloaded in a fresh JVM after its {@code start()} left the holder behind: with
 * {@code fix-leaks=false} it ends RETAINED and the report names the holder; by default the agent's fix frees it,
 * it ends COLLECTED, and the report lists the fix. Entries in JDK registries the host may use meanwhile (security
 * providers, logging handlers, levels and resource bundles) are only named. The JDK caches of Introspector and
 * ResourceBundle hold the loader softly, which {@code System.gc()} does not clear: unfixed, they end RETAINED too.
 */
class LeakScanTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            StrayThread | live thread "stray-poller" runs a dev.quiesce.testplugins.leaky.StrayThread$Loop | the module started it and never stopped it: stop it in an @OnUnload hook | interrupted and joined thread "stray-poller"
            StrayTimer | java.util.Timer thread "stray-timer" has the module's task(s) dev.quiesce.testplugins.leaky.StrayTimer$Tick scheduled | cancel the Timer in an @OnUnload hook | cancelled java.util.Timer of thread "stray-timer"
            StrayShutdownHook | shutdown hook "stray-flush" runs a dev.quiesce.testplugins.leaky.StrayShutdownHook$Flush | remove it in an @OnUnload hook | removed shutdown hook "stray-flush"
            StrayDriver | JDBC driver dev.quiesce.testplugins.leaky.StrayDriver$NoDriver registered with java.sql.DriverManager | call DriverManager.deregisterDriver(driver) | deregistered JDBC driver dev.quiesce.testplugins.leaky.StrayDriver$NoDriver
            StrayMBean | MBean dev.quiesce.test:type=Stats (dev.quiesce.testplugins.leaky.StrayMBean$Stats) | unregister it in an @OnUnload hook | unregistered MBean dev.quiesce.test:type=Stats
            StrayBeanInfo | java.beans.Introspector's caches hold the module's class(es) dev.quiesce.testplugins.leaky.StrayBeanInfo$Settings softly | call Introspector.flushFromCaches(type) for each in an @OnUnload hook | flushed dev.quiesce.testplugins.leaky.StrayBeanInfo$Settings from java.beans.Introspector's caches
            StrayBundle | java.util.ResourceBundle's cache holds the module's bundle(s) dev.quiesce.testplugins.leaky.StrayBundle$Messages softly | call ResourceBundle.clearCache(getClass().getClassLoader()) in an @OnUnload hook | cleared java.util.ResourceBundle's cache of the module's class loader
            """)
    void theLeakIsNamedAndTheFixFreesIt(String module, String holder, String remedy, String fix) throws Exception {
        String unfixed = unload(module, "collect-timeout=1s,fix-leaks=false");
        assertTrue(unfixed.contains("outcome RETAINED"), unfixed);
        assertTrue(unfixed.contains("leak " + holder), unfixed);
        assertTrue(unfixed.contains(remedy), unfixed);
        assertFalse(unfixed.contains("fix "), unfixed);

        String fixed = unload(module, "collect-timeout=3s");
        assertTrue(fixed.contains("outcome COLLECTED"), fixed);
        assertTrue(fixed.contains("fix " + fix), fixed);
        assertFalse(fixed.contains("problem "), fixed);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            StrayProvider     | security provider StrayProvider (dev.quiesce.testplugins.leaky.StrayProvider$Stray) installed in java.security.Security | Security.removeProvider("StrayProvider")
            StrayLogHandler   | java.util.logging logger "global" has the handler a dev.quiesce.testplugins.leaky.StrayLogHandler$Audit holding the module's code | logger.removeHandler
            StrayLogLevel     | java.util.logging logger "global" has the module's level AUDIT (dev.quiesce.testplugins.leaky.StrayLogLevel$Audit) | set it back in an @OnUnload hook (logger.setLevel)
            StrayLoggerBundle | java.util.logging logger "global" has the module's resource bundle dev.quiesce.testplugins.leaky.StrayLoggerBundle$Messages | log through a logger of the module's own
            """)
    void aJdkRegistryEntryIsNamedAndLeftToTheModule(String module, String holder, String remedy) throws Exception {
        String report = unload(module, "collect-timeout=1s");
        assertTrue(report.contains("outcome RETAINED"), report);
        assertTrue(report.contains("leak " + holder), report);
        assertTrue(report.contains(remedy), report);
        assertFalse(report.contains("fix "), report);
    }

    /**
     * Another live thread's ThreadLocal map is that thread's own and unsynchronized: editing it could lose a set() the
     * thread makes at the same time. So the value is named, with the remedy, and left as it is.
     */
    @Test
    void aThreadLocalValueOnAnotherLiveThreadIsNamedAndNotEdited() throws Exception {
        String report = unload("StrayThreadLocal", "collect-timeout=1s");
        assertTrue(report.contains("outcome RETAINED"), report);
        assertTrue(report.contains("leak ThreadLocal java.lang.ThreadLocal on live thread \"host-pool\" holds a"
                + " dev.quiesce.testplugins.leaky.StrayThreadLocal$RequestContext: call remove() on that thread"
                + " when the module's work is done (try/finally); the agent does not edit another thread's"
                + " ThreadLocals"), report);
        assertFalse(report.contains("fix "), report);
        assertFalse(report.contains("problem "), report);
    }

    /**
     * Since JDK 17.0.4 (JDK-8277072) ObjectStreamClass's caches are ClassValues, which hold nothing: serialising the
     * module's objects leaves nothing to name or fix, on 17 as on 25. (17.0.0 to 17.0.3 held the loader softly and
     * would fail here.)
     */
    @Test
    void serialisationHoldsNothing() throws Exception {
        String report = unload("StraySerialization", "collect-timeout=3s,fix-leaks=false");
        assertTrue(report.contains("outcome COLLECTED"), Runtime.version() + ": " + report);
        assertFalse(report.contains("leak "), report);
    }

    /** The scan runs in every unload, yet loads no java.beans class in a JVM where nothing introspected a bean. */
    @Test
    void theScanLeavesJavaBeansUnloadedWhenUnused() throws Exception {
        String output = unload("StrayDriver", "collect-timeout=3s", List.of("-Xlog:class+load"));
        assertTrue(output.contains("fix deregistered JDBC driver"), output);
        Matcher loaded = Pattern.compile("\\] ((?:java|com\\.sun)\\.beans\\.\\S+)").matcher(output);
        assertFalse(loaded.find(), () -> "the scan loaded " + loaded.group(1));
    }

    private static String unload(String module, String agentArgs) throws Exception {
        return unload(module, agentArgs, List.of());
    }

    private static String unload(String module, String agentArgs, List<String> jvmOptions) throws Exception {
        ForkedJvm.Result run = ForkedJvm.run(agentArgs, jvmOptions, List.of(), UnloadOnceMain.class.getName(),
                "dev.quiesce.testplugins.leaky." + module, "start");
        assertEquals(0, run.exitCode(), run.output());
        return run.output();
    }
}
