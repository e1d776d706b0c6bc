package dev.quiesce.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import dev.quiesce.it.support.LoadedPlugin;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A thread that lives inside the module is asked to leave by the module's @OnDrain hook, so the drain finishes. */
class BackgroundThreadTest {

    @Test
    void onDrainHookLetsAModuleThreadLeaveSoTheUnloadDoesNotWaitForTheTimeout() throws Exception {
        LoadedPlugin ticker = LoadedPlugin.load("ticker", false, "dev.quiesce.testplugins.Ticker");
        startTicking(ticker);
        await().until(() -> (Long) ticker.callStatic("ticks") > 3);
        assertEquals(1, ticker.info().inFlight(), "the ticking thread is inside the module");

        ticker.drop();
        UnloadReport report = Quiesce.unload(ticker.id(), Duration.ofSeconds(30));
        assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
        assertEquals(1, report.inFlightAtStart());
        assertFalse(report.drainMillis() >= 30_000, "the hook ended the drain, not the timeout");
        await().until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("ticker-thread")));
    }

    /** Started by the host, outside module frames; not kept, since a terminated thread keeps its task (JDK 21+). */
    private static void startTicking(LoadedPlugin ticker) {
        new Thread((Runnable) ticker.instance(), "ticker-thread").start();
    }
}
