package dev.quiesce.agent;

import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points, for {@code -javaagent} and for attaching to a running JVM. Makes the runtime visible to
 * every class loader first ({@link BootRuntime}), then installs. Never lets an error escape into the host: the application runs on
 * without the agent and the reason is printed.
 */
public final class AgentMain {
    private AgentMain() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, false);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, true);
    }

    private static void start(String arguments, Instrumentation instrumentation, boolean attach) {
        try {
            BootRuntime.makeVisible(instrumentation);
            Installer.install(instrumentation, arguments, attach);
        } catch (Throwable e) {
            System.err.println("quiesce: the agent could not start, so the application runs without it: " + e);
        }
    }
}
