package dev.quiesce;

/**
 * Thrown to a caller that enters a module which is draining or unloaded. The body of the called method did not
 * run. Call the module's new generation instead, or retry once the unload has finished or timed out.
 */
public class ModuleUnloadedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String module;
    private final ModuleState state;

    public ModuleUnloadedException(String module, ModuleState state) {
        super("module '" + module + "' is " + state + ": new calls are refused "
                + (state == ModuleState.DRAINING ? "while it unloads" : "since it was unloaded")
                + "; the method body did not run. Call the module's new generation, or retry after the unload.");
        this.module = module;
        this.state = state;
    }

    /** The module's id, e.g. {@code billing#2}. */
    public String module() {
        return module;
    }

    /** The module's state when the call was refused. */
    public ModuleState state() {
        return state;
    }
}
