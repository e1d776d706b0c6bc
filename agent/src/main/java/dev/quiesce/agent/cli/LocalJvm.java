package dev.quiesce.agent.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.util.Optional;
import java.util.Properties;

/**
 * A JVM on this machine, by pid, through the Attach API: the only class that uses jdk.attach. Checks the pid first,
 * so that a process that is not a JVM is never signalled and a wrong pid fails at once with a reason, never after
 * the Attach API's ten-second wait.
 */
final class LocalJvm implements AutoCloseable {
    private final long pid;
    private final VirtualMachine vm;

    private LocalJvm(long pid, VirtualMachine vm) {
        this.pid = pid;
        this.vm = vm;
    }

    /**
     * @throws CliException {@link ExitCode#USAGE} for something that is not a pid, {@link ExitCode#NO_TARGET} for a
     *                      pid that is not an attachable JVM of this user, saying which and what to do
     */
    static LocalJvm attach(String pidText) throws CliException {
        long pid = check(pidText);
        try {
            return new LocalJvm(pid, VirtualMachine.attach(Long.toString(pid)));
        } catch (AttachNotSupportedException | IOException e) {
            throw cannotAttach(pid, e);
        }
    }

    private static long check(String pidText) throws CliException {
        long pid;
        try {
            pid = Long.parseLong(pidText);
        } catch (NumberFormatException e) {
            throw new CliException(ExitCode.USAGE, "'" + pidText + "' is neither a process id nor a JMX service URL"
                    + " (service:jmx:...)");
        }
        if (pid == ProcessHandle.current().pid()) {
            throw new CliException(ExitCode.USAGE, pid + " is this command's own process; give the pid of the JVM"
                    + " to work on (jps lists them)");
        }
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new CliException(ExitCode.NO_TARGET,
                "no process with pid " + pid + " (it may have ended); jps lists the running JVMs"));
        Optional<String> owner = process.info().user();
        String me = System.getProperty("user.name");
        if (owner.isPresent() && !owner.get().equals(me) && !"root".equals(me)) {
            throw new CliException(ExitCode.NO_TARGET, "process " + pid + " belongs to user '" + owner.get()
                    + "', and a JVM lets only its own user attach: run this command as '" + owner.get() + "'");
        }
        String id = Long.toString(pid);
        if (VirtualMachine.list().stream().noneMatch(vm -> vm.id().equals(id))) {
            throw new CliException(ExitCode.NO_TARGET, "process " + pid + " (" + process.info().command()
                    .orElse("unknown command") + ") is not a Java virtual machine that tools can attach to: jps"
                    + " does not list it (nor would it list a JVM started with -XX:-UsePerfData)");
        }
        return pid;
    }

    long pid() {
        return pid;
    }

    Properties systemProperties() throws CliException {
        try {
            return vm.getSystemProperties();
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /** The JVM's command-line options, e.g. {@code -Xmx64m -XX:+EnableDynamicAgentLoading}. */
    String jvmArgs() throws CliException {
        try {
            return vm.getAgentProperties().getProperty("sun.jvm.args", "");
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /** Starts the JVM's local JMX agent, if it is not running, and returns its address (loopback only). */
    String localJmxUrl() throws CliException {
        try {
            return vm.startLocalManagementAgent();
        } catch (IOException e) {
            throw new CliException(ExitCode.NO_TARGET, "JVM " + pid + " could not start its local JMX agent: "
                    + CliException.reason(e));
        }
    }

    void loadAgent(String jar, String arguments) throws CliException {
        try {
            vm.loadAgent(jar, arguments);
        } catch (AgentLoadException e) {
            if (String.valueOf(e.getMessage()).contains("Dynamic agent loading is not enabled")) {
                throw new CliException(ExitCode.NO_TARGET, "JVM " + pid + " does not allow loading an agent while"
                        + " it runs: it was started with -XX:-EnableDynamicAgentLoading. Restart it with"
                        + " -XX:+EnableDynamicAgentLoading to allow attach, or with -javaagent:" + jar);
            }
            throw new CliException(ExitCode.FAILED, "JVM " + pid + " could not load " + jar + ": " + e.getMessage());
        } catch (AgentInitializationException e) {
            throw new CliException(ExitCode.FAILED, "the agent failed to start in JVM " + pid + " (code "
                    + e.returnValue() + "); that JVM's standard error says why");
        } catch (IOException e) {
            throw lost(e);
        }
    }

    private static CliException cannotAttach(long pid, Exception e) {
        if (String.valueOf(e.getMessage()).contains("does not support the attach mechanism")) {
            return new CliException(ExitCode.NO_TARGET, "JVM " + pid + " was started with"
                    + " -XX:+DisableAttachMechanism, so no tool can attach to it; if it exposes JMX, give its JMX"
                    + " service URL instead of the pid");
        }
        return new CliException(ExitCode.NO_TARGET, "cannot attach to JVM " + pid + ": " + CliException.reason(e));
    }

    private CliException lost(IOException e) {
        return new CliException(ExitCode.FAILED, "lost the connection to JVM " + pid + ": " + CliException.reason(e));
    }

    @Override
    public void close() {
        try {
            vm.detach();
        } catch (IOException e) {
            // The JVM went away; there is nothing left to detach from.
        }
    }
}
