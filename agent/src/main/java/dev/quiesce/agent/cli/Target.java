package dev.quiesce.agent.cli;

import dev.quiesce.agent.InstallMarker;
import dev.quiesce.agent.control.ModuleControlMXBean;
import java.io.IOException;
import java.net.MalformedURLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The JVM a command works on, connected over JMX: a pid on this machine (through its local JMX agent, started over
 * the Attach API, which loads no agent and prints no warning) or a JMX service URL. The connection is the JVM's own
 * JMX agent; the CLI never opens a port. Secured JMX is configured in the target JVM; the CLI passes the user and
 * password from the environment variables {@value #USER} and {@value #PASSWORD} when set.
 */
final class Target implements AutoCloseable {
    static final String USER = "QUIESCE_JMX_USER";
    static final String PASSWORD = "QUIESCE_JMX_PASSWORD";
    private static final Duration REGISTRATION_WAIT = Duration.ofSeconds(5);

    /** The pid, or null for a URL. */
    private final Long pid;
    private final String description;
    private final JMXConnector connector;
    private final MBeanServerConnection mbeans;
    /** For a pid: how Quiesce was installed there ({@link InstallMarker}), or null if it is not. */
    private final String installed;

    private Target(Long pid, String description, JMXConnector connector, String installed) throws IOException {
        this.pid = pid;
        this.description = description;
        this.connector = connector;
        this.mbeans = connector.getMBeanServerConnection();
        this.installed = installed;
    }

    /** Connects to {@code <pid>} or {@code service:jmx:...}. */
    static Target connect(String spec) throws CliException {
        if (spec.startsWith("service:jmx:")) {
            return connectUrl(spec);
        }
        try (LocalJvm jvm = attach(spec)) {
            String installed = jvm.systemProperties().getProperty(InstallMarker.INSTALLED);
            String url = jvm.localJmxUrl();
            String description = "JVM " + jvm.pid();
            try {
                return new Target(jvm.pid(), description, JMXConnectorFactory.connect(new JMXServiceURL(url)),
                        installed);
            } catch (IOException e) {
                throw new CliException(ExitCode.NO_TARGET, "cannot connect to the JMX agent of " + description + ": "
                        + CliException.reason(e));
            }
        }
    }

    /** Attaches to a pid; first checks that this Java runtime has the Attach API at all. */
    static LocalJvm attach(String pid) throws CliException {
        if (ModuleLayer.boot().findModule("jdk.attach").isEmpty()) {
            throw new CliException(ExitCode.NO_TARGET, "this Java runtime has no jdk.attach module, which working"
                    + " on a pid needs: run this command with a JDK's java, or give a JMX service URL");
        }
        return LocalJvm.attach(pid);
    }

    private static Target connectUrl(String spec) throws CliException {
        JMXServiceURL url;
        try {
            url = new JMXServiceURL(spec);
        } catch (MalformedURLException e) {
            throw new CliException(ExitCode.USAGE, "'" + spec + "' is not a JMX service URL: " + e.getMessage());
        }
        Map<String, Object> environment = new HashMap<>();
        String user = System.getenv(USER);
        if (user != null) {
            environment.put(JMXConnector.CREDENTIALS, new String[] {user, System.getenv(PASSWORD)});
        }
        try {
            return new Target(null, spec, JMXConnectorFactory.connect(url, environment), null);
        } catch (SecurityException e) {
            throw new CliException(ExitCode.NO_TARGET, "the JMX agent at " + spec + " refused the connection ("
                    + CliException.reason(e) + "): set " + USER + " and " + PASSWORD + " to a user it accepts");
        } catch (IOException e) {
            throw new CliException(ExitCode.NO_TARGET, "cannot connect to " + spec + ": " + CliException.reason(e));
        }
    }

    MBeanServerConnection mbeans() {
        return mbeans;
    }

    /**
     * The control MBean's name, once it is registered (it is registered in the background at start-up).
     *
     * @throws CliException {@link ExitCode#NO_TARGET} if Quiesce does not run there, saying what to do
     */
    ObjectName control() throws CliException {
        ObjectName name = controlName();
        long deadline = System.nanoTime() + REGISTRATION_WAIT.toNanos();
        try {
            while (!mbeans.isRegistered(name)) {
                if ((pid != null && installed == null) || System.nanoTime() - deadline > 0) {
                    throw notThere();
                }
                Thread.sleep(50);
            }
            return name;
        } catch (IOException e) {
            throw lost(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.FAILED, "interrupted");
        }
    }

    private CliException notThere() {
        if (pid == null) {
            return new CliException(ExitCode.NO_TARGET, "Quiesce does not run at " + description + ": "
                    + controlName() + " is not registered there (no agent, or it runs with jmx=false)");
        }
        if (installed == null) {
            return new CliException(ExitCode.NO_TARGET, "Quiesce is not installed in " + description + ": attach it"
                    + " with 'java -jar quiesce-agent.jar attach " + pid + "', or start that JVM"
                    + " with -javaagent:quiesce-agent.jar");
        }
        return new CliException(ExitCode.NO_TARGET, "Quiesce runs in " + description + " but its MBean "
                + controlName() + " is not registered: the agent was started with jmx=false");
    }

    CliException lost(IOException e) {
        return new CliException(ExitCode.FAILED, "lost the connection to " + description + ": "
                + CliException.reason(e));
    }

    private static ObjectName controlName() {
        try {
            // A compile-time constant, inlined: the CLI loads no class of the control layer, which is not in its jar.
            return new ObjectName(ModuleControlMXBean.OBJECT_NAME);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return description;
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException e) {
            // The connection is gone already.
        }
    }
}
