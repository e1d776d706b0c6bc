package dev.quiesce.it.forked;

import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import dev.quiesce.it.support.LoadedPlugin;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Loads one plugin class (first argument) in a loader of its own, calls its {@code start()} method on a pooled
 * host thread if a second argument says {@code start}, drops every reference to it, unloads it and prints the
 * report, one item a line: {@code outcome X}, then {@code fix}, {@code leak} and {@code problem} lines.
 */
public final class UnloadOnceMain {
    private UnloadOnceMain() {
    }

    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "host-pool");
            thread.setDaemon(true);
            return thread;
        });
        LoadedPlugin plugin = LoadedPlugin.load("once", false, args[0]);
        String id = plugin.id();
        if (args.length > 1 && args[1].equals("start")) {
            pool.submit(() -> plugin.call("start")).get();
        }
        plugin.drop();
        UnloadReport report = Quiesce.unload(id, Duration.ofSeconds(5));
        System.out.println("outcome " + report.outcome());
        report.fixes().forEach(fix -> System.out.println("fix " + fix));
        report.leaks().forEach(leak -> System.out.println("leak " + leak));
        report.problems().forEach(problem -> System.out.println("problem " + problem));
    }
}
