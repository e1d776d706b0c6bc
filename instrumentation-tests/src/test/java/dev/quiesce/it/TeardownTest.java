package dev.quiesce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.ModuleListener;
import dev.quiesce.ModuleState;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import dev.quiesce.it.support.LoadedPlugin;
import dev.quiesce.it.support.Plugins;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** After the drain: hooks, listeners, dropped references, and the loader's collection verified. */
class TeardownTest {

    @Test
    void loaderWithNullParentIsCountedTornDownAndCollected() {
        LoadedPlugin plugin = LoadedPlugin.load("null-parent", true, Plugins.WORKER);
        List<String> events = new CopyOnWriteArrayList<>();
        plugin.callStatic("events", (Consumer<String>) events::add);
        assertEquals("nested", plugin.call("nested"));
        List<String> heard = new CopyOnWriteArrayList<>();
        ModuleListener listener = new ModuleListener() {
            @Override
            public void unloaded(String module) {
                heard.add("unloaded " + module + " " + Plugins.info(module).state());
                plugin.drop();
            }

            @Override
            public void draining(String module) {
                heard.add("draining " + module);
            }
        };
        Quiesce.addListener(listener);
        try {
            UnloadReport report = Quiesce.unload(plugin.id(), Duration.ofSeconds(5));
            assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
            assertEquals(List.of(), report.problems());
        } finally {
            Quiesce.removeListener(listener);
        }
        assertEquals(List.of("onDrain active=0", "onUnload active=0 nested=nested"), events,
                "hooks ran with no call inside, and may call the module's own entry points");
        assertEquals(List.of("draining " + plugin.id(), "unloaded " + plugin.id() + " TEARING_DOWN"), heard,
                "the listener heard the module go, after its hooks, in time to drop the host's reference");
        assertEquals(ModuleState.UNLOADED, plugin.info().state());
    }

    @Test
    void aReferenceTheHostKeepsIsReportedRetainedAndCallsStayRefused() {
        LoadedPlugin plugin = LoadedPlugin.load("kept", false, Plugins.WORKER);
        UnloadReport report = Quiesce.unload(plugin.id(), Duration.ofSeconds(5));
        assertEquals(Outcome.RETAINED, report.outcome(), report.toString());
        assertTrue(report.summary().contains("still reachable"), report.summary());
        String refusal = plugin.refusal("nested");
        assertTrue(refusal.startsWith("UNLOADED: module '" + plugin.id() + "' is UNLOADED"), refusal);
        plugin.drop();
    }

    @Test
    void failingListenerIsReportedNotFatal() {
        LoadedPlugin plugin = LoadedPlugin.load("bad-listener", false, Plugins.WORKER);
        ModuleListener broken = module -> {
            plugin.drop();
            throw new IllegalStateException("listener broke");
        };
        Quiesce.addListener(broken);
        try {
            UnloadReport report = Quiesce.unload(plugin.id(), Duration.ofSeconds(5));
            assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
            assertEquals(1, report.problems().size());
            assertTrue(report.problems().get(0).contains("threw java.lang.IllegalStateException: listener broke"),
                    report.problems().toString());
        } finally {
            Quiesce.removeListener(broken);
        }
    }
}
