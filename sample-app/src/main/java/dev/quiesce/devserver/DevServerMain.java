package dev.quiesce.devserver;

import dev.quiesce.Quiesce;
import java.net.BindException;
import java.nio.file.Files;
import java.util.List;

/**
 * A hot-redeploy dev server that never drops a request. Serves each jar of a directory at {@code /<name>/}, each in
 * a class loader of its own; when a jar appears, changes or disappears, it loads the new generation, switches the
 * route to it, and unloads the old one through Quiesce. See {@link Options#USAGE}.
 */
public final class DevServerMain {
    private DevServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(Options.USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.Invalid e) {
            exit(2, e.getMessage() + "\n" + Options.USAGE);
            return;
        }
        if (!agentInstalled()) {
            exit(2, "the Quiesce agent is not installed: start the server with"
                    + " -javaagent:agent/target/quiesce-agent.jar (build it with: mvn -B package -DskipTests)");
        }
        if (!Files.isDirectory(options.plugins())) {
            exit(2, "the plugins directory " + options.plugins().toAbsolutePath() + " does not exist or is not a"
                    + " directory: create it, or point --plugins at the directory that holds your plugin jars");
        }
        Log.configureAgentLog();
        DevServer server;
        try {
            server = DevServer.start(options);
        } catch (BindException e) {
            exit(1, "cannot listen on 127.0.0.1:" + options.port() + " (" + e.getMessage() + "): another process"
                    + " uses that port; stop it, or choose another with --port (0 picks a free one)");
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "shutdown"));
    }

    private static boolean agentInstalled() {
        try {
            return Quiesce.isInstalled();
        } catch (NoClassDefFoundError e) {
            return false;
        }
    }

    private static void exit(int status, String message) {
        System.err.println("error: " + message);
        System.exit(status);
    }
}
