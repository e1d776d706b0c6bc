package dev.quiesce.agent.jfr;

import dev.quiesce.ModuleInfo;
import dev.quiesce.agent.unload.ModuleRegistry;
import java.util.HashMap;
import java.util.Map;

/**
 * Flight Recorder's periodic hook for {@link RefusedCallsEvent}: reads each module's refused count and emits the
 * increase since the previous run, so a storm of refusals costs one event per module per period and nothing on the
 * path of a refused call. The first baseline is taken when the hook is created.
 */
final class RefusedCallsHook implements Runnable {
    private final ModuleRegistry registry;
    /** Refused count per module id at the previous run; guarded by this. */
    private Map<String, Long> reported;

    RefusedCallsHook(ModuleRegistry registry) {
        this.registry = registry;
        this.reported = counts();
    }

    @Override
    public synchronized void run() {
        Map<String, Long> now = new HashMap<>();
        for (ModuleInfo module : registry.withGates()) {
            long increase = module.refused() - reported.getOrDefault(module.id(), 0L);
            if (increase > 0) {
                RefusedCallsEvent event = new RefusedCallsEvent();
                event.module = module.id();
                event.state = module.state().name();
                event.refusedCalls = increase;
                event.commit();
            }
            now.put(module.id(), module.refused());
        }
        reported = now;
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new HashMap<>();
        registry.withGates().forEach(module -> counts.put(module.id(), module.refused()));
        return counts;
    }
}
