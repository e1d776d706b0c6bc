package dev.quiesce;

import java.util.Arrays;

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

    /**
     * Records the stack as text only. A native backtrace references the class of every frame, and the frames of a
     * refused call include the refused module's classes: a caller that kept this exception, even in a dead local,
     * would keep the module's class loader from being collected. The trace starts at the code that refused the call:
     * the constructors of this exception and of its superclasses are left out.
     */
    @Override
    public synchronized Throwable fillInStackTrace() {
        StackTraceElement[] trace = new Throwable().getStackTrace();
        int first = 0;
        while (first < trace.length && isOwnFrame(trace[first])) {
            first++;
        }
        setStackTrace(Arrays.copyOfRange(trace, first, trace.length));
        return this;
    }

    /** A frame of this method or of a constructor of this exception's classes, up to {@link Throwable}. */
    private boolean isOwnFrame(StackTraceElement frame) {
        String method = frame.getMethodName();
        if (!method.equals("<init>") && !method.equals("fillInStackTrace")) {
            return false;
        }
        for (Class<?> type = getClass(); type != Object.class; type = type.getSuperclass()) {
            if (type.getName().equals(frame.getClassName())) {
                return true;
            }
        }
        return false;
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
