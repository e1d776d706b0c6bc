package dev.quiesce.agent.jfr;

import dev.quiesce.UnloadReport;
import dev.quiesce.agent.unload.UnloadEvents;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jfr.FlightRecorder;

/**
 * Records each unload as an {@link UnloadEvent} that begins when draining starts and is committed with the outcome.
 * Does nothing until Flight Recorder has been started in this JVM, so the event class is not loaded before then.
 * At most one unload of a module runs at a time, so the module id keys the open events.
 */
public final class UnloadRecorder implements UnloadEvents {
    private final Map<String, UnloadEvent> open = new ConcurrentHashMap<>();

    @Override
    public void draining(String module, long inFlight) {
        if (FlightRecorder.isInitialized()) {
            UnloadEvent event = new UnloadEvent();
            event.begin();
            open.put(module, event);
        }
    }

    @Override
    public void finished(UnloadReport report, long refusedCalls) {
        UnloadEvent event = open.remove(report.module());
        if (event == null) {
            return;
        }
        event.module = report.module();
        event.outcome = report.outcome().name();
        event.inFlightAtStart = report.inFlightAtStart();
        event.drainTime = report.drainMillis();
        event.teardownTime = report.teardownMillis();
        event.collectionTime = report.collectMillis();
        event.refusedCalls = refusedCalls;
        event.blockers = report.blockers().size();
        event.problems = report.problems().size();
        event.commit();
    }
}
