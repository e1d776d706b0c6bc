package dev.quiesce.bench;

import dev.quiesce.Quiesce;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import javax.management.ObjectName;

/**
 * Virtual threads parked inside a module (JDK 21+): the memory of Quiesce's state per parked thread, and the time of
 * one pass of the drain's sum over them. {@code n} virtual threads call a counted entry point ({@code CountedRun})
 * and park inside it; then HotSpot's class histogram (after a full GC) gives the instances and bytes of Quiesce's
 * classes in the heap, all of them, so over {@code n} an upper bound of what Quiesce keeps per thread. (A difference
 * of heap used against threads parked in an unguarded entry point, measured before, was noise at this size: the
 * threads' stacks differ by more than Quiesce's state.) The pass is {@link Quiesce#moduleOf}, which sums the counts
 * once, as each of the drain's rechecks does: the median of 21.
 * Usage: {@code ParkedThreads <n>}, with the agent and {@code -Dquiesce.plugins}. Prints two lines.
 */
public final class ParkedThreads {
    private static final int PASSES = 21;

    private ParkedThreads() {
    }

    public static void main(String[] args) throws Throwable {
        int n = Integer.parseInt(args[0]);
        MethodHandle start;
        try {
            start = MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                    MethodType.methodType(Thread.class, Runnable.class));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("ParkedThreads needs JDK 21 or newer (virtual threads), runs on "
                    + Runtime.version(), e);
        }
        URLClassLoader module = BenchPlugins.newLoader("parked");
        @SuppressWarnings("unchecked")
        Consumer<Runnable> counted = (Consumer<Runnable>) BenchPlugins.newInstance(module,
                "dev.quiesce.testplugins.bench.CountedRun");
        String name = BenchPlugins.requireModule(module);
        CountDownLatch release = new CountDownLatch(1);
        Thread[] threads = new Thread[n];
        parkInside(start, counted, threads, release);
        long[] quiesceObjects = quiesceObjects();
        long inside = Quiesce.moduleOf(module).orElseThrow().inFlight();
        if (inside != n) {
            throw new IllegalStateException("expected " + n + " calls inside module " + name + ", the sum says " + inside);
        }
        long[] passes = new long[PASSES];
        for (int i = 0; i < PASSES; i++) {
            long t0 = System.nanoTime();
            Quiesce.moduleOf(module);
            passes[i] = System.nanoTime() - t0;
        }
        Arrays.sort(passes);
        release.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.printf("memory per parked virtual thread, %d threads: %.1f bytes of Quiesce state (class"
                + " histogram: %d instances of Quiesce's classes, %d bytes in all)%n", n,
                (double) quiesceObjects[1] / n, quiesceObjects[0], quiesceObjects[1]);
        System.out.printf("one drain pass over %d parked virtual threads: %.3f ms (median of %d)%n", n,
                passes[PASSES / 2] / 1e6, PASSES);
    }

    /** Starts one virtual thread per slot, each calling {@code entry} and parking inside until {@code release}. */
    private static void parkInside(MethodHandle start, Consumer<Runnable> entry, Thread[] threads,
                                   CountDownLatch release) throws Throwable {
        CountDownLatch parked = new CountDownLatch(threads.length);
        Runnable task = () -> {
            parked.countDown();
            awaitUninterruptibly(release);
        };
        Runnable call = () -> entry.accept(task);
        for (int i = 0; i < threads.length; i++) {
            threads[i] = (Thread) start.invokeExact(call);
        }
        parked.await();
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // keep waiting: the measurement needs every thread parked until the end
            }
        }
    }

    /**
     * Instances and bytes of every class of Quiesce's in the heap, arrays of them included (runtime, agent, API: all
     * live under {@code dev.quiesce.}; the benchmark's and the test plugins' classes excluded), from HotSpot's class
     * histogram, which runs a full GC first.
     */
    private static long[] quiesceObjects() throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        long instances = 0;
        long bytes = 0;
        for (String line : histogram.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            String type = columns.length >= 4 ? columns[3].replaceFirst("^\\[+L", "") : "";
            if (type.startsWith("dev.quiesce.") && !type.startsWith("dev.quiesce.bench.")
                    && !type.startsWith("dev.quiesce.testplugins.")) {
                instances += Long.parseLong(columns[1]);
                bytes += Long.parseLong(columns[2]);
            }
        }
        return new long[] {instances, bytes};
    }
}
