package dev.quiesce.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;

/**
 * Makes the runtime visible to every class loader before the agent installs: defines its classes in the boot loader
 * ({@link BootDefinition}), and if that fails, logs why and appends the nested jar to the bootstrap class path as
 * before, at the cost of HotSpot's sharing warning. {@code -Ddev.quiesce.agent.bootstrap=append} asks for the
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
    }
}
