package dev.quiesce.sample;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A host that keeps serving, for trying the operator tools: it loads a plugin jar (a {@code Function<String,
 * String>} service, such as the greeter) into a class loader of its own and calls it from four threads. When the
 * plugin refuses a call, because an operator unloads it, the host stops routing to it and drops its reference, so the
 * plugin's class loader can be collected. It uses no Quiesce class, so it runs with or without the agent, and the
 * agent may be attached to it later:
 * <pre>
 * java -cp sample-app/target/quiesce-sample-app.jar dev.quiesce.sample.ServeMain sample-greeter/target/quiesce-sample-greeter.jar
 * </pre>
 * It runs until it is stopped (Ctrl-C).
 */
public final class ServeMain {
    private static final int WORKERS = 4;
    private static final String REFUSED = "dev.quiesce.ModuleUnloadedException";

    /** The host's only reference to the plugin; null once it was dropped. */
    private static final AtomicReference<Function<String, String>> ROUTE = new AtomicReference<>();

    private ServeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -cp sample-app/target/quiesce-sample-app.jar dev.quiesce.sample.ServeMain"
                    + " <plugin.jar>");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        ROUTE.set(load(jar));
        System.out.println("[host] JVM " + ProcessHandle.current().pid() + " serves " + jar.getFileName()
                + " from class loader 'greeter-plugin' on " + WORKERS + " threads; stop it with Ctrl-C");
        for (int i = 1; i <= WORKERS; i++) {
            new Thread(ServeMain::serve, "worker-" + i).start();
        }
        new CountDownLatch(1).await();
    }

    /** Loads the plugin in a frame of its own: a local of {@code main}, which never returns, would pin the loader. */
    @SuppressWarnings("unchecked")
    private static Function<String, String> load(Path jar) throws MalformedURLException {
        ClassLoader loader = new URLClassLoader("greeter-plugin", new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        return ServiceLoader.load(Function.class, loader).findFirst().orElseThrow(() -> new IllegalArgumentException(
                jar + " declares no java.util.function.Function service"));
    }

    /** Calls the plugin until it is dropped; the first refusal drops it. */
    private static void serve() {
        for (Function<String, String> plugin; (plugin = ROUTE.get()) != null; ) {
            try {
                plugin.apply(Thread.currentThread().getName());
            } catch (IllegalStateException e) {
                if (!e.getClass().getName().equals(REFUSED)) {
                    throw e;
                }
                if (ROUTE.getAndSet(null) != null) {
                    System.out.println("[host] the plugin refused a call, so it is being unloaded: routing to it"
                            + " stopped and its reference dropped");
                }
            }
        }
    }
}
