package dev.quiesce.agent.control;

import dev.quiesce.ModuleInfo;
import dev.quiesce.agent.unload.ModuleSnapshot;
import java.util.List;

/** One module as the MXBean shows it (a composite of open types). */
public final class ModuleStatus {
    private final String name;
    private final String baseName;
    private final String state;
    private final long inFlight;
    private final long entrances;
    private final long exits;
    private final long refused;
    private final String loader;
    private final List<String> uninstrumented;

    public ModuleStatus(String name, String baseName, String state, long inFlight, long entrances, long exits,
                        long refused, String loader, List<String> uninstrumented) {
        this.name = name;
        this.baseName = baseName;
        this.state = state;
        this.inFlight = inFlight;
        this.entrances = entrances;
        this.exits = exits;
        this.refused = refused;
        this.loader = loader;
        this.uninstrumented = List.copyOf(uninstrumented);
    }

    static ModuleStatus of(ModuleSnapshot module) {
        ModuleInfo info = module.info();
        return new ModuleStatus(info.name(), module.name(), info.state().name(), info.inFlight(), info.entrances(),
                info.exits(), info.refused(), info.loader(), info.uninstrumented());
    }

    public String getName() {
        return name;
    }

    /** The module's name without the generation suffix of {@link #getName}: {@code billing} for {@code billing#2}. */
    public String getBaseName() {
        return baseName;
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
