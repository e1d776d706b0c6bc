package dev.quiesce.pf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.Blocker;
import dev.quiesce.ModuleState;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import dev.quiesce.pf4j.support.HeldCalls;
import dev.quiesce.pf4j.support.TestPlugins;
import dev.quiesce.pf4j.testapi.Greeting;
import dev.quiesce.pf4j.testapi.Lifecycle;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pf4j.PluginState;

/** A slow extension call holds stopPlugin back; past the drain timeout the plugin stays STARTED and answers. */
class DrainTimeoutTest {

    @BeforeEach
    void reset() {
        Lifecycle.reset();
    }

    @Test
    void aDrainThatTimesOutLeavesThePluginStartedAndServing() throws Exception {
        QuiescePluginManager manager = new QuiescePluginManager(TestPlugins.root("greeter"));
        manager.quiescer().setDrainTimeout(Duration.ofMillis(200));
        manager.loadPlugins();
        manager.startPlugins();
        Greeting greeting = manager.getExtensions(Greeting.class, "greeter").get(0);
        HeldCalls slow = HeldCalls.start(greeting, 1, "slow");

        assertEquals(PluginState.STARTED, manager.stopPlugin("greeter"));
        assertEquals(PluginState.STARTED, manager.getPlugin("greeter").getPluginState());
        assertEquals(ModuleState.ACTIVE, Quiesce.module(manager.quiescer().moduleOf("greeter").orElseThrow())
                .orElseThrow().state());
        assertEquals("Hello, again!", greeting.greet("again"));
        assertEquals(1, manager.getExtensions(Greeting.class, "greeter").size());
        assertTrue(Lifecycle.stops().isEmpty(), "Plugin.stop() did not run");
        UnloadReport report = manager.quiescer().report("greeter").orElseThrow();
        assertEquals(Outcome.TIMED_OUT, report.outcome());
        assertEquals(List.of("held-call-slow-0"), report.blockers().stream().map(Blocker::thread).toList(),
                report.blockers().toString());

        slow.release();
        assertEquals(List.of("Hello, slow-0!"), slow.answers());
        assertEquals(PluginState.STOPPED, manager.stopPlugin("greeter"));
        assertEquals(List.of(new Lifecycle.Stop("greeter", 0)), Lifecycle.stops());
    }
}
