package dev.quiesce.agent.control;

import dev.quiesce.ModuleInfo;
import java.util.List;

/** One module as the MXBean shows it (a composite of open types). */
public final class ModuleStatus {
    private final String id;
    private final String name;
    private final String state;
    private final long inFlight;
    private final long entrances;
    private final long exits;
    private final long refused;
    private final String loader;
    private final List<String> uninstrumented;

    public ModuleStatus(String id, String name, String state, long inFlight, long entrances, long exits,
                        long refused, String loader, List<String> uninstrumented) {
        this.id = id;
        this.name = name;
        this.state = state;
        this.inFlight = inFlight;
        this.entrances = entrances;
        this.exits = exits;
        this.refused = refused;
        this.loader = loader;
        this.uninstrumented = List.copyOf(uninstrumented);
    }

    static ModuleStatus of(ModuleInfo info) {
        return new ModuleStatus(info.id(), info.name(), info.state().name(), info.inFlight(), info.entrances(),
                info.exits(), info.refused(), info.loader(), info.uninstrumented());
    }

    /** The module's id: {@code billing#2} for the second generation of {@code billing}. */
    public String getId() {
        return id;
    }

    /** The module's name, its id without the generation suffix: {@code billing} for {@code billing#2}. */
    public String getName() {
        return name;
    }

    public String getState() {
        return state;
    }

    public long getInFlight() {
        return inFlight;
    }

    public long getEntrances() {
        return entrances;
    }

    public long getExits() {
        return exits;
    }

    public long getRefused() {
        return refused;
    }

    public String getLoader() {
        return loader;
    }

    /** Classes of the module that could not be instrumented, each with why: while any, its unload is refused. */
    public List<String> getUninstrumented() {
        return uninstrumented;
    }
}
