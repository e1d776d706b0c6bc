package dev.quiesce.sample;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A host that keeps serving, for trying the operator tools: it deploys the greeter plugin and calls it from four
 * threads. When the plugin refuses a call, because an operator unloads it, the host stops routing to it and drops its
 * reference, so the plugin's class loader can be collected. It uses no Quiesce class, so it runs with or without the
 * agent, and the agent may be attached to it later:
 * <pre>
 * java -cp sample-app/target/quiesce-sample-app.jar dev.quiesce.sample.ServeMain sample-plugin/target/quiesce-sample-plugin.jar
 * </pre>
 * It runs until it is stopped (Ctrl-C).
 */
public final class ServeMain {
    private static final int WORKERS = 4;
    private static final String REFUSED = "dev.quiesce.ModuleUnloadedException";

    private ServeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -cp sample-app/target/quiesce-sample-app.jar dev.quiesce.sample.ServeMain"
                    + " <plugin.jar>");
            System.exit(2);
        }
        PluginHost host = new PluginHost();
        host.load(Path.of(args[0]), "greeter-plugin");
        System.out.println("[host] JVM " + ProcessHandle.current().pid() + " serves " + Path.of(args[0]).getFileName()
                + " from class loader 'greeter-plugin' on " + WORKERS + " threads; stop it with Ctrl-C");
        for (int i = 1; i <= WORKERS; i++) {
            new Thread(() -> serve(host), "worker-" + i).start();
        }
        new CountDownLatch(1).await();
    }

    /** Calls the plugin until nothing is routed; the first refusal stops the routing. */
    private static void serve(PluginHost host) {
        while (true) {
            try {
                if (host.call(Thread.currentThread().getName()) == null) {
                    return;
                }
            } catch (IllegalStateException e) {
                if (!e.getClass().getName().equals(REFUSED)) {
                    throw e;
                }
                if (host.undeploy()) {
                    System.out.println("[host] the plugin refused a call, so it is being unloaded: routing to it"
                            + " stopped and its reference dropped");
                }
            }
        }
    }
}
