package dev.quiesce.agent;

import dev.quiesce.Quiesce;
import dev.quiesce.agent.control.JmxRegistration;
import dev.quiesce.agent.instrument.ModuleTransformer;
import dev.quiesce.agent.jfr.JfrRegistration;
import dev.quiesce.agent.jfr.UnloadRecorder;
import dev.quiesce.agent.leaks.JdkInternals;
import dev.quiesce.agent.unload.AgentLog;
import dev.quiesce.agent.unload.AgentBackend;
import dev.quiesce.agent.unload.ModuleRegistry;
import dev.quiesce.agent.unload.Settings;
import dev.quiesce.agent.unload.Unloader;
import java.lang.instrument.Instrumentation;

/**
 * Wires the agent together once the runtime is on the bootstrap class path: the registry, the unloader behind
 * {@link Quiesce}, the class file transformer, the Flight Recorder events and the control MXBean. At start-up the
 * last two are set up on a background thread, off the application's start-up path; at attach they are set up before
 * the attach returns, and the module classes already loaded are retransformed; unloads are refused until that is
 * over, however it ends ({@code AttachTest}). Installing twice does nothing.
 */
final class Installer {

    private Installer() {
    }

    static synchronized void install(Instrumentation instrumentation, String arguments, boolean attach) {
        if (Quiesce.isInstalled()) {
            AgentLog.LOG.log(System.Logger.Level.INFO, "quiesce: the agent is already installed in this JVM ({0}); nothing"
                    + " to do", System.getProperty(InstallMarker.INSTALLED, "by another copy of the agent"));
            return;
        }
        AgentArgs args = AgentArgs.parse(arguments);
        args.problems().forEach(problem -> AgentLog.LOG.log(System.Logger.Level.ERROR, "quiesce: " + problem));
        openJdkInternals(instrumentation);
        ModuleRegistry registry = new ModuleRegistry();
        if (attach) {
            registry.attachStarting();
        }
        Unloader unloader = new Unloader(registry,
                new Settings(args.collectTimeout(), args.explicitGc(), args.fixLeaks()));
        AgentBackend api = new AgentBackend(registry, unloader);
        Quiesce.install(api);
        unloader.addObserver(new UnloadRecorder());
        ModuleTransformer transformer = new ModuleTransformer(registry, args.guard(), instrumentation);
        instrumentation.addTransformer(transformer, true);
        Runnable operatorTools = () -> {
            JfrRegistration.register(registry);
            if (args.jmx()) {
                JmxRegistration.register(api, unloader);
            }
        };
        if (!attach) {
            System.setProperty(InstallMarker.INSTALLED, InstallMarker.JAVAAGENT);
            Thread thread = new Thread(operatorTools, "quiesce-operator-tools");
            thread.setDaemon(true);
            thread.start();
            return;
        }
        String summary;
        try {
            operatorTools.run();
            summary = new AttachRetransformer(instrumentation, transformer, registry).run();
        } finally {
            registry.attachDone();
        }
        AgentLog.LOG.log(System.Logger.Level.INFO, "quiesce: attached: " + summary);
        System.setProperty(InstallMarker.ATTACH_SUMMARY, summary);
        System.setProperty(InstallMarker.INSTALLED, InstallMarker.ATTACH);
    }

    /** Lets the leak scan read the JDK's registries; without it the scan reports what it could not read. */
    private static void openJdkInternals(Instrumentation instrumentation) {
        try {
            JdkInternals.open(instrumentation);
        } catch (RuntimeException e) {
            AgentLog.LOG.log(System.Logger.Level.WARNING, "quiesce: could not open JDK packages to the leak scan (" + e
                    + "); a RETAINED report will name fewer holders");
        }
    }
}
