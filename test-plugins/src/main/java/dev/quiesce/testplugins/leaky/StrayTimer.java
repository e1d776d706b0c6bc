package dev.quiesce.testplugins.leaky;

import dev.quiesce.Unloadable;
import java.util.Timer;
import java.util.TimerTask;

/** Schedules a repeating task on a {@link Timer} and never cancels it. */
@Unloadable("stray-timer")
public class StrayTimer {
    public void start() {
        // An hour before the first run: a run is a call into the module, refused once it is unloaded.
        new Timer("stray-timer", true).schedule(new Tick(), 3_600_000, 50);
    }

    private static final class Tick extends TimerTask {
        @Override
        public void run() {
        }
    }
}
