package dev.quiesce.bench;

import dev.quiesce.bench.PeerGuards.AtomicLongGuard;
import dev.quiesce.bench.PeerGuards.LongAdderPairGuard;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URLClassLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Thread-per-request virtual threads (JDK 21+): each operation starts a new virtual thread that makes one call
 * through a guard, and waits for it to end. Every call is a thread's first call, so this measures a guard's
 * first-call path and what it keeps of ended threads. {@code v1_none} is the floor, the same body unguarded. Run
 * with {@code -Djmh.executor=VIRTUAL} (benchmarks/run.sh does), so that the benchmark threads are virtual too and a
 * request is started and joined by another virtual thread, as a server's acceptor would; joined from a platform
 * thread, the operating system's wake-up (about 20 µs here) would hide every guard. The scheduler has one carrier:
 * with two, a fork settled at random at 1.1 or at 3.5 µs per request (whether the request ran on the joiner's
 * carrier or woke the other), whatever the guard; with one, every fork measures the same thing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsPrepend = "-Djdk.virtualThreadScheduler.parallelism=1")
@State(Scope.Benchmark)
public class ThreadPerRequestBenchmark {
    private MethodHandle startVirtualThread;
    private IntUnaryOperator none;
    private IntUnaryOperator quiesce;
    private IntUnaryOperator atomicLong;
    private IntUnaryOperator longAdderPair;

    /** One benchmark thread's request: the guard it calls and its operand, run by each new virtual thread. */
    @State(Scope.Thread)
    public static class Request implements Runnable {
        IntUnaryOperator guard;
        int value;

        @Override
        public void run() {
            value = guard.applyAsInt(value);
        }
    }

    @Setup
    public void setUp() throws Exception {
        try {
            startVirtualThread = MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                    MethodType.methodType(Thread.class, Runnable.class));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("ThreadPerRequestBenchmark needs JDK 21 or newer (virtual threads), runs on "
                    + Runtime.version(), e);
        }
        none = (IntUnaryOperator) BenchPlugins.newInstance(BenchPlugins.newLoader("floor"),
                "dev.quiesce.testplugins.bench.PlainIncrement");
        URLClassLoader module = BenchPlugins.newLoader("bench");
        quiesce = (IntUnaryOperator) BenchPlugins.newInstance(module, "dev.quiesce.testplugins.bench.CountedIncrement");
        BenchPlugins.requireModule(module);
        atomicLong = new AtomicLongGuard();
        longAdderPair = new LongAdderPairGuard();
    }

    private int request(Request request, IntUnaryOperator guard) throws Throwable {
        request.guard = guard;
        Thread thread = (Thread) startVirtualThread.invokeExact((Runnable) request);
        thread.join();
        return request.value;
    }

    @Benchmark
    public int v1_none(Request r) throws Throwable {
        return request(r, none);
    }

    @Benchmark
    public int v2_quiesce(Request r) throws Throwable {
        return request(r, quiesce);
    }

    @Benchmark
    public int v3_atomicLong(Request r) throws Throwable {
        return request(r, atomicLong);
    }

    @Benchmark
    public int v4_longAdderPair(Request r) throws Throwable {
        return request(r, longAdderPair);
    }
}
