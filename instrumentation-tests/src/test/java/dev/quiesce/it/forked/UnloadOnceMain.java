package dev.quiesce.it.forked;

import dev.quiesce.Quiesce;
import dev.quiesce.UnloadReport;
import dev.quiesce.it.support.LoadedPlugin;
import java.time.Duration;

/**
 * Loads one plugin class (first argument) in a loader of its own, calls its {@code start} method if it has one,
 * drops every reference to it, unloads it and prints the report: outcome, summary, then one line per problem.
 */
public final class UnloadOnceMain {
    private UnloadOnceMain() {
    }

    public static void main(String[] args) {
        LoadedPlugin plugin = LoadedPlugin.load("once", false, args[0]);
        String id = plugin.id();
        plugin.drop();
        UnloadReport report = Quiesce.unload(id, Duration.ofSeconds(5));
        System.out.println("outcome " + report.outcome());
        report.problems().forEach(problem -> System.out.println("problem " + problem));
    }
}
