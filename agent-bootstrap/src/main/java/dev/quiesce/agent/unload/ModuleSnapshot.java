package dev.quiesce.agent.unload;

import dev.quiesce.ModuleInfo;

/**
 * A module's {@link ModuleInfo} with its name, which the info does not carry: the name its classes give (or its
 * loader's), the id without the generation suffix ({@code billing} for {@code billing#2}). The control MXBean sends
 * both, so that a client finds every generation of a name without parsing ids.
 */
public record ModuleSnapshot(String name, ModuleInfo info) {
}
