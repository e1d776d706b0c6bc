package dev.quiesce.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * Makes the runtime visible to every class loader before the agent installs: defines its classes in the boot loader
 * ({@link BootDefinition}), and if that fails, logs why and appends the nested jar to the bootstrap class path as
 * before, at the cost of HotSpot's sharing warning. On JDK 17 it then opens {@code java.lang} to the runtime, whose
 * cell lookup reads a thread's id from the final field behind the overridable {@code Thread.getId}. {@code -Ddev.quiesce.agent.bootstrap=append} asks for the
 * appended jar, for a JDK whose internals refuse the first way.
 */
final class BootRuntime {
    static final String MODE_PROPERTY = "dev.quiesce.agent.bootstrap";

    private BootRuntime() {
    }

    /** @throws IOException if the agent jar cannot be read, so that neither way is possible */
    static void makeVisible(Instrumentation instrumentation) throws IOException {
        try {
            if ("append".equals(System.getProperty(MODE_PROPERTY))) {
                throw new IllegalStateException("-D" + MODE_PROPERTY + "=append asks for the bootstrap class path");
            }
            BootDefinition.define(instrumentation, BootstrapJar.read());
        } catch (Exception | LinkageError e) {
            System.getLogger("dev.quiesce").log(System.Logger.Level.WARNING, "quiesce: the runtime is not defined"
                    + " in the boot loader (" + e + "); it is appended to the bootstrap class path instead, so"
                    + " HotSpot warns that class data sharing now covers boot loader classes only");
            BootstrapJar.append(instrumentation);
        }
        openThreadIds(instrumentation);
    }

    /**
     * JDK 17 only (19 and later have the final {@code Thread.threadId()}): opens {@code java.lang} to the runtime's
     * module, the boot loader's unnamed one, before any class of the runtime is initialised, so that {@code
     * ThreadIds} reads {@code Thread.tid}. If it cannot, the runtime checks a cell's owner by identity as well, which
     * costs a nested call a little more; nothing else changes.
     */
    private static void openThreadIds(Instrumentation instrumentation) {
        if (Runtime.version().feature() >= 19) {
            return;
        }
        try {
            Module runtime = Class.forName("dev.quiesce.agent.runtime.Gates", false, null).getModule();
            instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                    Map.of("java.lang", Set.of(runtime)), Set.of(), Map.of());
        } catch (ClassNotFoundException | RuntimeException e) {
            System.getLogger("dev.quiesce").log(System.Logger.Level.WARNING, "quiesce: java.lang is not opened to"
                    + " the runtime (" + e + "); nested calls check their cell's thread by identity too");
        }
    }
}
