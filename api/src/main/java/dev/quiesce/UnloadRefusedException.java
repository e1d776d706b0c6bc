package dev.quiesce;

/**
 * An unload that was refused before it changed anything: unknown module, a module already draining or unloaded, or
 * an unload requested from a thread that is itself inside the module (it would wait for itself forever).
 */
public class UnloadRefusedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public UnloadRefusedException(String message) {
        super(message);
    }
}
