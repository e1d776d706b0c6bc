package dev.quiesce.agent.instrument;

import dev.quiesce.agent.runtime.Gate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Host code the fixtures call to record how many calls their gate counts inside at that moment. */
public final class Probe {
    static volatile Gate gate;
    static final List<Long> SEEN = new CopyOnWriteArrayList<>();

    private Probe() {
    }

    public static void record() {
        SEEN.add(gate.inFlight());
    }
}
