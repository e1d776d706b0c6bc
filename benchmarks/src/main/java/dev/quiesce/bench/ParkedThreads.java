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

/**
 * Virtual threads parked inside a module (JDK 21+): the memory of Quiesce's state per parked thread, and the time of
 * one pass of the drain's sum over them. {@code n} virtual threads call an unguarded entry point and park inside it,
 * then {@code n} more call the same body as a counted entry point ({@code CountedRun}) and park; the difference in
 * heap used after a full GC, over {@code n}, is what Quiesce keeps per thread. The pass is
 * {@link Quiesce#moduleOf}, which sums every cell once, as each of the drain's rechecks does: the median of 21.
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
        @SuppressWarnings("unchecked")
        Consumer<Runnable> plain = (Consumer<Runnable>) BenchPlugins.newInstance(BenchPlugins.newLoader("parked-floor"),
                "dev.quiesce.testplugins.bench.PlainRun");
        URLClassLoader module = BenchPlugins.newLoader("parked");
        @SuppressWarnings("unchecked")
        Consumer<Runnable> counted = (Consumer<Runnable>) BenchPlugins.newInstance(module,
                "dev.quiesce.testplugins.bench.CountedRun");
        String name = BenchPlugins.requireModule(module);
        CountDownLatch release = new CountDownLatch(1);
        Thread[] plainThreads = new Thread[n];
        Thread[] countedThreads = new Thread[n];
        long empty = usedAfterGc();
        parkInside(start, plain, plainThreads, release);
        long withPlain = usedAfterGc();
        parkInside(start, counted, countedThreads, release);
        long withCounted = usedAfterGc();
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
        for (Thread thread : plainThreads) {
            thread.join();
        }
        for (Thread thread : countedThreads) {
            thread.join();
        }
        long perPlain = (withPlain - empty) / n;
        long perCounted = (withCounted - withPlain) / n;
        System.out.printf("memory per parked virtual thread, %d threads: %d bytes of Quiesce state (%d bytes parked"
                + " inside a counted entry point, %d in an unguarded one)%n", n, perCounted - perPlain, perCounted,
                perPlain);
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

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
