package dev.quiesce.agent;

import dev.quiesce.Quiesce;
import dev.quiesce.agent.control.JmxRegistration;
import dev.quiesce.agent.instrument.ModuleTransformer;
import dev.quiesce.agent.unload.HostApi;
import dev.quiesce.agent.unload.ModuleRegistry;
import dev.quiesce.agent.unload.Settings;
import dev.quiesce.agent.unload.Unloader;
import java.lang.instrument.Instrumentation;

/**
 * Wires the agent together once the runtime is on the bootstrap class path: the registry, the unloader behind
 * {@link Quiesce}, the class file transformer, and (in the background) the control MXBean.
 */
final class Installer {
    private static final System.Logger LOG = System.getLogger("dev.quiesce");

    private Installer() {
    }

    static void install(Instrumentation instrumentation, String arguments) {
        if (Quiesce.isInstalled()) {
            LOG.log(System.Logger.Level.INFO, "quiesce: the agent is already installed in this JVM; nothing to do");
            return;
        }
        AgentArgs args = AgentArgs.parse(arguments);
        args.problems().forEach(problem -> LOG.log(System.Logger.Level.ERROR, "quiesce: " + problem));
        ModuleRegistry registry = new ModuleRegistry();
        Quiesce.install(new HostApi(registry, new Unloader(registry, new Settings(args.collectTimeout()))));
        instrumentation.addTransformer(new ModuleTransformer(registry, args.guard()), true);
        if (args.jmx()) {
            JmxRegistration.registerInBackground();
        }
    }
}
