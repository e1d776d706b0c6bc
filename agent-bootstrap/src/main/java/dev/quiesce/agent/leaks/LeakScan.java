package dev.quiesce.agent.leaks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The quick scan for the usual culprits that hold a module's class loader after its teardown: threads, timers,
 * ThreadLocal values, shutdown hooks, JDBC drivers, MBeans, security providers, {@code java.util.logging} loggers,
 * and the JDK caches of {@code java.beans.Introspector} and {@code ResourceBundle}. Each kind is scanned on its own;
 * one that fails is reported as a problem and the others still run. {@code ObjectStreamClass}'s caches are not
 * scanned: since JDK 17.0.4 they are {@code ClassValue}s, which hold nothing (JDK-8277072).
 *
 * <p>Both entry points scan afresh and return text only, so nothing here holds the module once they return: the
 * {@link Leak}s of a scan hold the module's objects (their fixes need them), and would keep the loader from being
 * collected. An unload that fixes and is still retained therefore scans twice, the second time for what holds the
 * loader after the fixes. Whatever a scan or a fix throws is added to the problems, except a
 * {@link VirtualMachineError}, which is left to the caller (the unload reports it and keeps the module consistent).
 */
public final class LeakScan {
    /** How long the fixes may take in all: mostly the joins of the module's interrupted threads. */
    private static final Duration FIX_BOUND = Duration.ofSeconds(2);

    private interface Scan {
        List<Leak> find(ModuleObjects module) throws Exception;
    }

    private record Kind(String name, Scan scan) {
    }

    private static final List<Kind> KINDS = List.of(new Kind("threads", ThreadScan::find),
            new Kind("timers", TimerScan::find), new Kind("ThreadLocals", ThreadLocalScan::find),
            new Kind("shutdown hooks", ShutdownHookScan::find), new Kind("JDBC drivers", JdbcDriverScan::find),
            new Kind("MBeans", MBeanScan::find), new Kind("security providers", SecurityProviderScan::find),
            new Kind("java.util.logging", LoggingScan::find),
            new Kind("java.beans.Introspector", IntrospectorScan::find),
            new Kind("ResourceBundle", ResourceBundleScan::find));

    private LeakScan() {
    }

    /** What holds the loader now, one report line each; a kind that cannot be scanned is added to problems. */
    public static List<String> holders(ClassLoader loader, List<String> problems) {
        return find(loader, problems).stream().map(Leak::text).toList();
    }

    /**
     * Applies the safe fixes to what holds the loader now, all within {@link #FIX_BOUND} (the joins of interrupted
     * threads share it).
     *
     * @return what was done, one line each; a fix that failed, or a kind that cannot be scanned, is added to problems
     */
    public static List<String> fix(ClassLoader loader, List<String> problems) {
        long deadline = System.nanoTime() + FIX_BOUND.toNanos();
        List<String> done = new ArrayList<>();
        for (Leak leak : find(loader, problems)) {
            if (leak.fix() == null) {
                continue;
            }
            try {
                done.add(leak.fix().apply(deadline));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add("interrupted while fixing: " + leak.what());
                return done;
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                problems.add("could not fix " + leak.what() + ": "
                        + (e.getMessage() == null ? e : e.getMessage()));
            }
        }
        return done;
    }

    private static List<Leak> find(ClassLoader loader, List<String> problems) {
        ModuleObjects module = new ModuleObjects(loader);
        List<Leak> leaks = new ArrayList<>();
        for (Kind kind : KINDS) {
            try {
                leaks.addAll(kind.scan().find(module));
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                problems.add("the leak scan of " + kind.name() + " failed: " + e + ". Find the holder with the"
                        + " CLI's leaks command");
            }
        }
        return leaks;
    }
}
