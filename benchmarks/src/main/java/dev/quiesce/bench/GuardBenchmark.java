package dev.quiesce.bench;

import dev.quiesce.bench.PeerGuards.AtomicLongGuard;
import dev.quiesce.bench.PeerGuards.FenceOnlyGuard;
import dev.quiesce.bench.PeerGuards.LongAdderPairGuard;
import dev.quiesce.bench.PeerGuards.ReadWriteLockGuard;
import dev.quiesce.bench.PeerGuards.StampedLockGuard;
import dev.quiesce.bench.PeerGuards.SynchronizedGuard;
import dev.quiesce.bench.PeerGuards.ThreadIdCellGuard;
import dev.quiesce.bench.PeerGuards.ThreadLocalCellGuard;
import dev.quiesce.bench.PeerGuards.ThreadLocalPlainGuard;
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
 *
 * <p>{@code i*} take Quiesce's entry point apart (see {@link PeerGuards}): a fence alone (the floor of a correct
 * guard), an owned cell found by thread id, one found through a {@code ThreadLocal}, and the {@code ThreadLocal} with
 * plain counts. {@code n*} are nested calls: a module method that calls one of its own entry points
 * {@code NESTED_CALLS} (10) times, plain and counted.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
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
    private IntUnaryOperator fenceOnly;
    private IntUnaryOperator threadIdCell;
    private IntUnaryOperator threadLocalCell;
    private IntUnaryOperator threadLocalPlain;
    private IntUnaryOperator nestedNone;
    private IntUnaryOperator nestedQuiesce;

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
        fenceOnly = new FenceOnlyGuard();
        threadIdCell = new ThreadIdCellGuard();
        threadLocalCell = new ThreadLocalCellGuard();
        threadLocalPlain = new ThreadLocalPlainGuard();
        nestedNone = (IntUnaryOperator) BenchPlugins.newInstance(BenchPlugins.newLoader("nested-floor"),
                "dev.quiesce.testplugins.bench.PlainNested");
        URLClassLoader nestedModule = BenchPlugins.newLoader("nested");
        nestedQuiesce = (IntUnaryOperator) BenchPlugins.newInstance(nestedModule,
                "dev.quiesce.testplugins.bench.CountedNested");
        BenchPlugins.requireModule(nestedModule);
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

    @Benchmark
    public int i1_fenceOnly(Operand o) {
        return o.value = fenceOnly.applyAsInt(o.value);
    }

    @Benchmark
    public int i2_threadIdCell(Operand o) {
        return o.value = threadIdCell.applyAsInt(o.value);
    }

    @Benchmark
    public int i3_threadLocalCell(Operand o) {
        return o.value = threadLocalCell.applyAsInt(o.value);
    }

    @Benchmark
    public int i4_threadLocalPlain(Operand o) {
        return o.value = threadLocalPlain.applyAsInt(o.value);
    }

    @Benchmark
    public int n1_nestedNone(Operand o) {
        return o.value = nestedNone.applyAsInt(o.value);
    }

    @Benchmark
    public int n2_nestedQuiesce(Operand o) {
        return o.value = nestedQuiesce.applyAsInt(o.value);
    }
}
