package dev.quiesce.agent.jfr;

import dev.quiesce.agent.unload.AgentLog;
import dev.quiesce.agent.unload.ModuleRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

/**
 * Adds the periodic {@link RefusedCallsEvent} once Flight Recorder starts (at once if it runs already), so a JVM
 * that never records pays nothing for it. A JVM without the jdk.jfr module runs without the events.
 */
public final class JfrRegistration {

    private JfrRegistration() {
    }

    public static void register(ModuleRegistry registry) {
        AtomicBoolean added = new AtomicBoolean();
        try {
            FlightRecorder.addListener(new FlightRecorderListener() {
                @Override
                public void recorderInitialized(FlightRecorder recorder) {
                    if (added.compareAndSet(false, true)) {
                        FlightRecorder.addPeriodicEvent(RefusedCallsEvent.class, new RefusedCallsHook(registry));
                    }
                }
            });
        } catch (RuntimeException | LinkageError e) {
            AgentLog.LOG.log(System.Logger.Level.WARNING, "quiesce: Flight Recorder events are off: " + e);
        }
    }
}
