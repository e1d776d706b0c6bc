package dev.quiesce.agent.cli;

import dev.quiesce.agent.AgentJar;
import dev.quiesce.agent.InstallMarker;
import java.io.PrintStream;
import java.util.Properties;
import java.util.Set;

/** {@code attach <pid> [agent-arguments]}: loads the agent into a running JVM, once. */
final class AttachCommand implements Command {
    private static final int FIRST_WARNING_RELEASE = 21;

    @Override
    public String usage() {
        return """
                Usage: java -jar quiesce-agent.jar attach <pid> [agent-arguments]

                Loads Quiesce into a running JVM of this user that was started without it, with the same arguments
                as -javaagent:quiesce-agent.jar=<agent-arguments> (e.g. guard=com.acme.**,collect-timeout=10s).
                Module classes already loaded are instrumented, so calls from now on are counted. Calls that were
                already running are not counted: an unload finds them on thread stacks and waits for them too.
                Attaching to a JVM that runs Quiesce already changes nothing.

                Java 21 and later print a warning in the target when an agent is loaded into it while it runs
                (JEP 451); start the target with -XX:+EnableDynamicAgentLoading to allow it without the warning.
                A target started with -XX:-EnableDynamicAgentLoading refuses to load agents.
                """;
    }

    @Override
    public Set<String> options() {
        return Set.of();
    }

    @Override
    public ExitCode run(CommandLine line, PrintStream out, PrintStream err) throws CliException {
        if (line.positional.isEmpty() || line.positional.size() > 2) {
            throw CommandLine.usage("attach", "attach takes a pid, then optionally the agent arguments");
        }
        String arguments = line.positional.size() == 2 ? line.positional.get(1) : null;
        try (LocalJvm jvm = Target.attach(line.positional.get(0))) {
            Properties properties = jvm.systemProperties();
            String installed = properties.getProperty(InstallMarker.INSTALLED);
            if (installed != null) {
                out.println("Quiesce is already installed in JVM " + jvm.pid() + " (" + (installed.equals(
                        InstallMarker.ATTACH) ? "attached earlier" : "started with -javaagent") + "); nothing to do."
                        + (arguments == null ? "" : " The agent arguments were not applied: the agent reads them only"
                        + " when it starts."));
                return ExitCode.OK;
            }
            boolean warns = release(properties) >= FIRST_WARNING_RELEASE
                    && !jvm.jvmArgs().contains("-XX:+EnableDynamicAgentLoading");
            jvm.loadAgent(AgentJar.path().toString(), arguments);
            String summary = jvm.systemProperties().getProperty(InstallMarker.ATTACH_SUMMARY);
            if (summary == null) {
                throw new CliException(ExitCode.FAILED, "the agent was loaded into JVM " + jvm.pid() + " but did not"
                        + " start; that JVM's standard error says why");
            }
            out.println("Quiesce is now installed in JVM " + jvm.pid() + ": " + summary + ".");
            out.println("Calls that were already running are not counted; unloading a module found now also waits"
                    + " for those, found on thread stacks.");
            if (warns) {
                err.println("note: JVM " + jvm.pid() + " runs Java " + release(properties) + ", so it printed a"
                        + " warning on its standard error: \"WARNING: A Java agent has been loaded dynamically\""
                        + " (JEP 451). That is expected for attach and harmless. To allow attaching without the"
                        + " warning, start that JVM with -XX:+EnableDynamicAgentLoading.");
            }
            return ExitCode.OK;
        }
    }

    private static int release(Properties properties) {
        String version = properties.getProperty("java.specification.version", "0");
        try {
            return Integer.parseInt(version.startsWith("1.") ? version.substring(2) : version);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
