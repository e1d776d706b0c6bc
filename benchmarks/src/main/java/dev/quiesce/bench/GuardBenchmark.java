package dev.quiesce.bench;

import dev.quiesce.bench.PeerGuards.AtomicLongGuard;
import dev.quiesce.bench.PeerGuards.LongAdderPairGuard;
import dev.quiesce.bench.PeerGuards.ReadWriteLockGuard;
import dev.quiesce.bench.PeerGuards.StampedLockGuard;
import dev.quiesce.bench.PeerGuards.SynchronizedGuard;
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
 * The same trivial body ({@code x + 1}) behind each guard, called through {@code IntUnaryOperator} at its own call
 * site. {@code g1_none} is the floor: the body in a class of its own loader that the agent does not touch.
 * {@code g2_quiesce} is the real agent's rewritten entry point in a module of its own loader. Run at 1 and 2 threads
 * ({@code -t}); the guard objects are shared by all threads, as a module is.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class GuardBenchmark {
    private IntUnaryOperator none;
    private IntUnaryOperator quiesce;
    private IntUnaryOperator atomicLong;
    private IntUnaryOperator longAdderPair;
    private IntUnaryOperator readWriteLock;
    private IntUnaryOperator synchronizedCounter;
    private IntUnaryOperator stampedLock;

    /** Each benchmark thread's operand. */
    @State(Scope.Thread)
    public static class Operand {
        int value;
    }

    @Setup
    public void setUp() throws Exception {
        none = (IntUnaryOperator) BenchPlugins.newInstance(BenchPlugins.newLoader("floor"),
                "dev.quiesce.testplugins.bench.PlainIncrement");
        URLClassLoader module = BenchPlugins.newLoader("bench");
        quiesce = (IntUnaryOperator) BenchPlugins.newInstance(module, "dev.quiesce.testplugins.bench.CountedIncrement");
        BenchPlugins.requireModule(module);
        atomicLong = new AtomicLongGuard();
        longAdderPair = new LongAdderPairGuard();
        readWriteLock = new ReadWriteLockGuard();
        synchronizedCounter = new SynchronizedGuard();
        stampedLock = new StampedLockGuard();
    }

    @Benchmark
    public int g1_none(Operand o) {
        return o.value = none.applyAsInt(o.value);
    }

    @Benchmark
    public int g2_quiesce(Operand o) {
        return o.value = quiesce.applyAsInt(o.value);
    }

    @Benchmark
    public int g3_atomicLong(Operand o) {
        return o.value = atomicLong.applyAsInt(o.value);
    }

    @Benchmark
    public int g4_longAdderPair(Operand o) {
        return o.value = longAdderPair.applyAsInt(o.value);
    }

    @Benchmark
    public int g5_readWriteLock(Operand o) {
        return o.value = readWriteLock.applyAsInt(o.value);
    }

    @Benchmark
    public int g6_synchronized(Operand o) {
        return o.value = synchronizedCounter.applyAsInt(o.value);
    }

    @Benchmark
    public int g7_stampedLock(Operand o) {
        return o.value = stampedLock.applyAsInt(o.value);
    }
}
