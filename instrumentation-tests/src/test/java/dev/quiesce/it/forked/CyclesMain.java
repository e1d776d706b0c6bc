package dev.quiesce.it.forked;

import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import dev.quiesce.it.support.LoadedPlugin;
import dev.quiesce.it.support.Plugins;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Loads, calls and unloads a well-behaved module as many times as the first argument says, then prints how many
 * unloads ended COLLECTED, the classes unloaded, and Metaspace used after the tenth cycle (the baseline: by then
 * the host's own one-off growth, JIT and profiling data, is behind it) and after the last.
 */
public final class CyclesMain {
    private static final int BASELINE_CYCLE = 10;
    private CyclesMain() {
    }

    public static void main(String[] args) {
        int cycles = Integer.parseInt(args[0]);
        int collected = 0;
        long afterBaseline = 0;
        long unloadedAfterBaseline = 0;
        for (int cycle = 1; cycle <= cycles; cycle++) {
            if (cycleCollects(cycle)) {
                collected++;
            }
            if (cycle == BASELINE_CYCLE) {
                afterBaseline = metaspaceUsed();
                unloadedAfterBaseline = classLoading().getUnloadedClassCount();
            }
        }
        System.out.println("collected " + collected + " of " + cycles);
        System.out.println("classes unloaded after the baseline " + (classLoading().getUnloadedClassCount()
                - unloadedAfterBaseline));
        System.out.println("metaspace growth " + (metaspaceUsed() - afterBaseline) + " bytes (at the baseline "
                + afterBaseline + ")");
    }

    private static boolean cycleCollects(int cycle) {
        LoadedPlugin plugin = LoadedPlugin.load("cycle-" + cycle, false, Plugins.WORKER);
        plugin.call("nested");
        String id = plugin.id();
        plugin.drop();
        UnloadReport report = Quiesce.unload(id, Duration.ofSeconds(5));
        return report.outcome() == Outcome.COLLECTED;
    }

    /** Metaspace used after a full collection, in bytes. */
    private static long metaspaceUsed() {
        System.gc();
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getName().equals("Metaspace"))
                .mapToLong(pool -> pool.getUsage().getUsed()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Metaspace memory pool"));
    }

    private static ClassLoadingMXBean classLoading() {
        return ManagementFactory.getClassLoadingMXBean();
    }
}
