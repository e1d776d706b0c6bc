package dev.quiesce.it.forked;

import dev.quiesce.ModuleInfo;
import dev.quiesce.Quiesce;
import dev.quiesce.UnloadRefusedException;
import dev.quiesce.it.support.LoadedPlugin;
import java.time.Duration;
import java.util.function.IntUnaryOperator;

/**
 * Overflows the stack through a module's entry points {@code args[0]} times each way, catching every
 * {@link StackOverflowError} in the host, then prints what the agent counts and unloads the module from the same
 * thread. The two ways:
 * <ul>
 * <li>the module recurses through its own entry point, called below host frames of varying depth, so that its
 *     frames meet the stack's end at a different offset each round;</li>
 * <li>the host recurses and calls the module at every level, so that module calls start and end at the stack's
 *     edge.</li>
 * </ul>
 * Prints {@code overflows N}, {@code inFlight N}, then {@code outcome X} or {@code refused <message>}.
 */
public final class OverflowMain {
    private static IntUnaryOperator module;
    private static int overflows;

    private OverflowMain() {
    }

    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]);
        LoadedPlugin plugin = LoadedPlugin.load("overflow", false, "dev.quiesce.testplugins.Recursor");
        module = (IntUnaryOperator) plugin.instance();
        for (int i = 0; i < rounds; i++) {
            moduleRecursesBelow(i % 64);
            hostRecursesCallingModule();
        }
        ModuleInfo info = plugin.info();
        System.out.println("overflows " + overflows);
        System.out.println("inFlight " + info.inFlight());
        module = null;
        plugin.drop();
        try {
            System.out.println("outcome " + Quiesce.unload(plugin.id(), Duration.ofSeconds(2)).outcome());
        } catch (UnloadRefusedException e) {
            System.out.println("refused " + e.getMessage());
        }
    }

    private static void moduleRecursesBelow(int hostFrames) {
        if (hostFrames > 0) {
            moduleRecursesBelow(hostFrames - 1);
            return;
        }
        try {
            module.applyAsInt(1);
        } catch (StackOverflowError expected) {
            overflows++;
        }
    }

    private static void hostRecursesCallingModule() {
        try {
            module.applyAsInt(0);
            hostRecursesCallingModule();
        } catch (StackOverflowError expected) {
            overflows++;
        }
    }
}
