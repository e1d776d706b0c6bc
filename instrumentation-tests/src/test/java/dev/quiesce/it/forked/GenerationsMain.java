package dev.quiesce.it.forked;

import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import dev.quiesce.it.support.LoadedPlugin;
import dev.quiesce.it.support.Plugins;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;

/**
 * Loads a module, calls it from each thread of a pool of 4 (every thread, held at a latch until all 4 are inside a
 * task), and unloads it, as many generations as the first argument says; then prints how many unloads ended
 * COLLECTED and the live instances of the runtime's {@code Gate} and {@code Cell} classes, from a class histogram of
 * live objects (which collects first).
 */
public final class GenerationsMain {
    private static final int THREADS = 4;

    private GenerationsMain() {
    }

    public static void main(String[] args) throws Exception {
        int generations = Integer.parseInt(args[0]);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        int collected = 0;
        for (int generation = 1; generation <= generations; generation++) {
            if (generationCollects(pool, generation)) {
                collected++;
            }
        }
        Quiesce.modules(); // releases the slots of collected loaders
        String histogram = histogram();
        System.out.println("collected " + collected + " of " + generations);
        System.out.println("live Gate " + instances(histogram, "dev.quiesce.agent.runtime.Gate"));
        System.out.println("live Cell " + instances(histogram, "dev.quiesce.agent.runtime.Cell"));
        pool.shutdown();
    }

    private static boolean generationCollects(ExecutorService pool, int generation) throws Exception {
        LoadedPlugin plugin = LoadedPlugin.load("generation-" + generation, false, Plugins.WORKER);
        CountDownLatch allThreads = new CountDownLatch(THREADS);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            calls.add(pool.submit(() -> {
                allThreads.countDown();
                if (!allThreads.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the pool's 4 threads did not all take a call");
                }
                return plugin.call("nested");
            }));
        }
        for (Future<?> call : calls) {
            call.get();
        }
        String id = plugin.id();
        plugin.drop();
        UnloadReport report = Quiesce.unload(id, Duration.ofSeconds(5));
        return report.outcome() == Outcome.COLLECTED;
    }

    private static String histogram() throws Exception {
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {null}, new String[] {String[].class.getName()});
    }

    /** The instance count of exactly this class in a histogram, 0 if it is not listed. */
    private static long instances(String histogram, String className) {
        for (String line : histogram.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 4 && columns[3].equals(className)) {
                return Long.parseLong(columns[1]);
            }
        }
        return 0;
    }
}
