package dev.quiesce.bench;

import dev.quiesce.ModuleState;
import dev.quiesce.Outcome;
import dev.quiesce.Quiesce;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long an unload takes, not counting the collection check (run with the agent argument
 * {@code collect-timeout=0ms}, so the outcome is {@code RETAINED}: unverified). Both include the leak scan and its
 * fixes that follow every teardown, and a second scan that names the holders of a {@code RETAINED} module, which a
 * collected one does not pay: upper bounds.
 * <ul>
 * <li>{@code idleUnload}: a module with no call in flight: set dying, sum, run hooks, drop references.</li>
 * <li>{@code lastExitToUnloadReturn}: a drain is parked waiting for one call; the time from releasing that call to
 *     the unloading thread having returned and ended. An upper bound of "exit to unload return": it also counts
 *     the released caller waking up and the join.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class UnloadLatencyBenchmark {

    /** A freshly loaded module with nothing in flight. */
    @State(Scope.Thread)
    public static class Idle {
        String module;

        @Setup(Level.Invocation)
        public void load() throws Exception {
            URLClassLoader loader = BenchPlugins.newLoader("idle");
            BenchPlugins.newInstance(loader, "dev.quiesce.testplugins.bench.CountedIncrement");
            module = BenchPlugins.requireModule(loader);
        }
    }

    /** A module whose drain is parked, waiting for its one call in flight. */
    @State(Scope.Thread)
    public static class Draining {
        CountDownLatch release;
        Thread unloader;

        @Setup(Level.Invocation)
        public void startDrain() throws Exception {
            URLClassLoader loader = BenchPlugins.newLoader("draining");
            Object worker = BenchPlugins.newInstance(loader, "dev.quiesce.testplugins.Worker");
            String module = BenchPlugins.requireModule(loader);
            Method hold = worker.getClass().getMethod("hold", CountDownLatch.class, CountDownLatch.class);
            CountDownLatch entered = new CountDownLatch(1);
            release = new CountDownLatch(1);
            new Thread(() -> {
                try {
                    hold.invoke(worker, entered, release);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }).start();
            entered.await();
            unloader = new Thread(() -> Quiesce.unload(module, Duration.ofSeconds(10)));
            unloader.start();
            while (Quiesce.module(module).orElseThrow().state() != ModuleState.DRAINING
                    || unloader.getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait();
            }
        }
    }

    @Benchmark
    public Outcome idleUnload(Idle idle) {
        return Quiesce.unload(idle.module, Duration.ofSeconds(1)).outcome();
    }

    @Benchmark
    public void lastExitToUnloadReturn(Draining draining) throws InterruptedException {
        draining.release.countDown();
        draining.unloader.join();
    }
}
