package dev.quiesce.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.ModuleState;
import dev.quiesce.Outcome;
import dev.quiesce.UnloadReport;
import dev.quiesce.it.support.HeldCall;
import dev.quiesce.it.support.LoadedPlugin;
import dev.quiesce.it.support.Plugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/** Flight Recorder: one event per unload, and refused calls counted per module instead of one event per call. */
class JfrTest {
    private static final int STORM = 500;

    @Test
    void aRecordingHoldsTheUnloadAndTheRefusedCallsCounted() throws Exception {
        Path file = Files.createTempFile("quiesce", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.quiesce.Unload");
            recording.enable("dev.quiesce.RefusedCalls").withPeriod(Duration.ofMillis(100));
            recording.start();

            LoadedPlugin plugin = LoadedPlugin.load("jfr-storm", false, Plugins.WORKER);
            CompletableFuture<UnloadReport> unload;
            try (HeldCall held = plugin.hold("hold", "jfr-caller")) {
                unload = plugin.unloadAsync(Duration.ofSeconds(30));
                plugin.awaitState(ModuleState.DRAINING);
                for (int i = 0; i < STORM; i++) {
                    plugin.refusal("work", new AtomicInteger());
                }
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> refused(events(recording, file, "dev.quiesce.RefusedCalls"), plugin.id()) == STORM);
                plugin.drop();
                held.release();
                held.result();
            }
            UnloadReport report = unload.get(30, TimeUnit.SECONDS);
            assertEquals(Outcome.COLLECTED, report.outcome(), report.toString());
            recording.stop();

            List<RecordedEvent> storm = events(recording, file, "dev.quiesce.RefusedCalls").stream()
                    .filter(e -> plugin.id().equals(e.getString("module"))).toList();
            assertEquals(STORM, refused(storm, plugin.id()));
            assertTrue(storm.size() <= 10, "counted per period, not one event per call: " + storm.size());
            assertEquals("DRAINING", storm.get(0).getString("state"));

            List<RecordedEvent> unloads = events(recording, file, "dev.quiesce.Unload").stream()
                    .filter(e -> plugin.id().equals(e.getString("module"))).toList();
            assertEquals(1, unloads.size(), unloads.toString());
            RecordedEvent event = unloads.get(0);
            assertEquals("COLLECTED", event.getString("outcome"));
            assertEquals(1, event.getLong("inFlightAtStart"));
            assertEquals(STORM, event.getLong("refusedCalls"));
            assertEquals(0, event.getInt("blockers"));
            assertEquals(0, event.getInt("problems"));
            assertEquals(Duration.ofMillis(report.drainMillis()), event.getDuration("drainTime"));
            assertEquals(Duration.ofMillis(report.teardownMillis()), event.getDuration("teardownTime"));
            assertEquals(Duration.ofMillis(report.collectMillis()), event.getDuration("collectionTime"));
            assertTrue(event.getDuration().compareTo(event.getDuration("drainTime")) >= 0, event.toString());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static List<RecordedEvent> events(Recording recording, Path file, String type) throws IOException {
        recording.dump(file);
        return RecordingFile.readAllEvents(file).stream().filter(e -> e.getEventType().getName().equals(type))
                .toList();
    }

    private static long refused(List<RecordedEvent> events, String module) {
        return events.stream().filter(e -> module.equals(e.getString("module")))
                .mapToLong(e -> e.getLong("refusedCalls")).sum();
    }
}
