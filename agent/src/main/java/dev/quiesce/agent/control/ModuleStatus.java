package dev.quiesce.agent.control;

import dev.quiesce.ModuleInfo;
import java.util.List;
import javax.management.openmbean.CompositeData;

/** One module as the MXBean shows it (a composite of open types). */
public final class ModuleStatus {
    private final String name;
    private final String state;
    private final long inFlight;
    private final long entrances;
    private final long exits;
    private final long refused;
    private final String loader;
    private final List<String> uninstrumented;

    public ModuleStatus(String name, String state, long inFlight, long entrances, long exits, long refused,
                        String loader, List<String> uninstrumented) {
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
        return new ModuleStatus(info.name(), info.state().name(), info.inFlight(), info.entrances(), info.exits(),
                info.refused(), info.loader(), info.uninstrumented());
    }

    /** Rebuilds one from its composite form (used by MXBean proxies). */
    public static ModuleStatus from(CompositeData data) {
        return new ModuleStatus((String) data.get("name"), (String) data.get("state"), (Long) data.get("inFlight"),
                (Long) data.get("entrances"), (Long) data.get("exits"), (Long) data.get("refused"),
                (String) data.get("loader"), uninstrumented(data));
    }

    /** The classes that could not be instrumented; none in the data of an agent that predates the attribute. */
    private static List<String> uninstrumented(CompositeData data) {
        return data.containsKey("uninstrumented") ? List.of((String[]) data.get("uninstrumented")) : List.of();
    }

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
