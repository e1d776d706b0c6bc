package dev.quiesce;

import java.util.List;

/**
 * A snapshot of one module.
 *
 * @param id         the module's id: its name, with {@code #n} for the n-th generation of that name
 *                   ({@code billing#2}); what {@link Quiesce#module}, an unload and the MXBean's {@code id} name it by
 * @param name       the module's name, its id without the generation suffix ({@code billing} for {@code billing#2}):
 *                   what its classes or {@link Quiesce#guard} named it, or its loader's name
 * @param state      where it is in its life
 * @param inFlight   calls inside it now, tasks handed to an executor from inside it that have not started, and
 *                   threads started from inside it that have not ended (exact once it is draining; a snapshot
 *                   otherwise)
 * @param entrances  calls that entered from outside it, since the module was discovered (a nested call, made by a
 *                   platform thread already inside it, is not counted; a virtual thread's is)
 * @param exits      calls from outside it that left, normally or by an exception
 * @param refused    calls refused because it was draining or unloaded
 * @param loader     a description of its class loader
 * @param uninstrumented its classes that could not be instrumented, each with the reason: calls into them are not
 *                   counted, so the module refuses to unload while this is not empty
 */
public record ModuleInfo(String id, String name, ModuleState state, long inFlight, long entrances, long exits, long refused,
                         String loader, List<String> uninstrumented) {
    public ModuleInfo {
        uninstrumented = List.copyOf(uninstrumented);
    }

    /** A module whose classes were all instrumented. */
    public ModuleInfo(String id, String name, ModuleState state, long inFlight, long entrances, long exits,
                      long refused, String loader) {
        this(id, name, state, inFlight, entrances, exits, refused, loader, List.of());
    }
}
