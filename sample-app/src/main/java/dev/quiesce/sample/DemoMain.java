package dev.quiesce.sample;

import dev.quiesce.ModuleListener;
import dev.quiesce.ModuleUnloadedException;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The demo: load a slow plugin, call it from four threads, then unload it while calls are in flight. Quiesce refuses
 * new calls, waits for the ones inside, runs the plugin's teardown with no call inside, and proves the plugin's
 * class loader was collected. Exit code 0 only if it was.
 */
public final class DemoMain {
    private static final int WORKERS = 4;

    private final PluginHost host = new PluginHost();
    private volatile boolean running = true;

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -javaagent:agent/target/quiesce-agent.jar -jar"
                    + " sample-app/target/quiesce-sample-app.jar <plugin.jar>");
            System.exit(2);
        }
        if (!agentInstalled()) {
            System.err.println("The Quiesce agent is not installed. Run with"
                    + " -javaagent:agent/target/quiesce-agent.jar (build it with: mvn -B package -DskipTests)");
            System.exit(2);
        }
        System.exit(new DemoMain().run(Path.of(args[0])) == Outcome.COLLECTED ? 0 : 1);
    }

    private static boolean agentInstalled() {
        try {
            return Quiesce.isInstalled();
        } catch (NoClassDefFoundError e) {
            return false;
        }
    }

    private Outcome run(Path jar) throws Exception {
        String module = host.deploy(jar, "greeter-plugin");
        say("host", "deployed " + jar.getFileName() + " as module '" + module + "' in class loader 'greeter-plugin'");

        CountDownLatch warmedUp = new CountDownLatch(WORKERS * 2);
        List<Thread> workers = new ArrayList<>();
        for (int i = 1; i <= WORKERS; i++) {
            workers.add(start("worker-" + i, () -> callUntilUndeployed(warmedUp)));
        }
        CountDownLatch draining = new CountDownLatch(1);
        Thread stale = start("stale-client", staleClient(host.current(), draining));
        Quiesce.addListener(new ModuleListener() {
            @Override
            public void draining(String id) {
                say("host", "module '" + id + "' is draining: new calls are refused from now on");
                draining.countDown();
            }

            @Override
            public void unloaded(String id) {
                say("host", "module '" + id + "' is torn down; the host holds no reference to it");
            }
        });
        warmedUp.await(30, TimeUnit.SECONDS);

        host.undeploy();
        running = false;
        say("host", "routing switched off; unloading '" + module + "' with "
                + Quiesce.module(module).orElseThrow().inFlight() + " call(s) in flight");
        UnloadReport report = Quiesce.unload(module, Duration.ofSeconds(10));
        for (Thread t : workers) {
            t.join();
        }
        stale.join();

        say("host", "drained " + report.inFlightAtStart() + " call(s) in " + report.drainMillis() + " ms; "
                + Quiesce.module(module).orElseThrow().refused() + " late call(s) refused without running");
        say("host", switch (report.outcome()) {
            case COLLECTED -> "teardown took " + report.teardownMillis() + " ms; class loader collected in "
                    + report.collectMillis() + " ms";
            case RETAINED -> "class loader still reachable after " + report.collectMillis() + " ms: a leak";
            case TIMED_OUT -> "calls still inside after the timeout:\n" + String.join("\n", report.blockers());
        });
        report.problems().forEach(p -> say("host", "problem: " + p));
        say("host", "outcome: " + report.outcome());
        return report.outcome();
    }

    private void callUntilUndeployed(CountDownLatch warmedUp) {
        String me = Thread.currentThread().getName();
        while (running) {
            try {
                String answer = host.call(me);
                if (answer != null) {
                    say(me, answer);
                    warmedUp.countDown();
                }
            } catch (ModuleUnloadedException e) {
                say(me, "late call refused: " + e.getMessage());
            }
        }
    }

    /** A caller that looked the plugin up before the unload and calls it after draining started. */
    private static Runnable staleClient(Function<String, String> plugin, CountDownLatch draining) {
        AtomicReference<Function<String, String>> held = new AtomicReference<>(plugin);
        return () -> {
            try {
                draining.await();
                held.getAndSet(null).apply("stale-client");
                say("stale-client", "was let in: this must not happen");
            } catch (ModuleUnloadedException e) {
                say("stale-client", "late call refused: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    private static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.start();
        return thread;
    }

    private static void say(String who, String what) {
        System.out.println("[" + who + "] " + what);
    }
}
