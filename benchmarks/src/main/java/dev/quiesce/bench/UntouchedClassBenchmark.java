package dev.quiesce.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
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
 * What the agent costs a class it does not touch: defining a class in a fresh (non-built-in) loader, which every
 * transformer sees. Run once with the agent and once without (benchmarks/run.sh does); the difference is the
 * agent's cost per class: a name match and a walk of the constant pool.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class UntouchedClassBenchmark {
    private static final String NAME = PeerGuards.LongAdderPairGuard.class.getName();
    private byte[] classFile;

    /** A loader that defines one class from bytes and delegates everything else. */
    static final class OneClassLoader extends ClassLoader {
        OneClassLoader() {
            super("untouched", UntouchedClassBenchmark.class.getClassLoader());
        }

        Class<?> define(byte[] bytes) {
            return defineClass(NAME, bytes, 0, bytes.length);
        }
    }

    @Setup
    public void read() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/" + NAME.replace('.', '/') + ".class")) {
            classFile = in.readAllBytes();
        }
    }

    @Benchmark
    public Class<?> defineInFreshLoader() {
        return new OneClassLoader().define(classFile);
    }
}
