package dev.quiesce.testplugins.leaky;

import dev.quiesce.Unloadable;
import java.util.Timer;
import java.util.TimerTask;

/** Schedules a repeating task on a {@link Timer} and never cancels it. */
@Unloadable("stray-timer")
public class StrayTimer {
    public void start() {
        new Timer("stray-timer", true).schedule(new Tick(), 0, 50);
    }

    private static final class Tick extends TimerTask {
        @Override
        public void run() {
        }
    }
}
