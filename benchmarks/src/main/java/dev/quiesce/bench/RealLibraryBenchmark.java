package dev.quiesce.bench;

import dev.quiesce.Quiesce;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * A real library guarded as a whole: Gson 2.11.0 from Maven Central ({@code -Dquiesce.gson=<jar>}, copied into
 * {@code benchmarks/target/real-libraries/} by the build) in two loaders of its own, one unguarded and one made a
 * module with {@link Quiesce#guard} before its first class loads, so every public method of Gson is a counted entry
 * point and Gson's calls between them are nested calls. Each serialises and parses the same small document.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RealLibraryBenchmark {
    private static final Map<String, Object> DOCUMENT = Map.of("id", 42, "name", "quiesce",
            "tags", List.of("plugin", "unload", "jvm"), "limits", Map.of("drainMillis", 30000, "strict", true));

    private String json;
    private MethodHandle plainToJson;
    private MethodHandle plainFromJson;
    private MethodHandle guardedToJson;
    private MethodHandle guardedFromJson;

    @Setup
    public void setUp() throws Throwable {
        String jar = System.getProperty("quiesce.gson");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("-Dquiesce.gson must name benchmarks/target/real-libraries/gson.jar"
                    + " (run the benchmarks with benchmarks/run.sh), was " + jar);
        }
        URL[] urls = {Path.of(jar).toUri().toURL()};
        URLClassLoader plain = new URLClassLoader("gson-plain", urls, ClassLoader.getPlatformClassLoader());
        URLClassLoader guarded = new URLClassLoader("gson-guarded", urls, ClassLoader.getPlatformClassLoader());
        Quiesce.guard(guarded, "gson");
        Object plainGson = plain.loadClass("com.google.gson.Gson").getConstructor().newInstance();
        Object guardedGson = guarded.loadClass("com.google.gson.Gson").getConstructor().newInstance();
        BenchPlugins.requireModule(guarded);
        plainToJson = toJson(plainGson);
        plainFromJson = fromJson(plainGson);
        guardedToJson = toJson(guardedGson);
        guardedFromJson = fromJson(guardedGson);
        json = (String) plainToJson.invokeExact((Object) DOCUMENT);
        String guardedJson = (String) guardedToJson.invokeExact((Object) DOCUMENT);
        if (!json.equals(guardedJson)) {
            throw new IllegalStateException("the guarded Gson wrote another document than the plain one");
        }
    }

    /** {@code gson.toJson(Object)}, bound to one Gson, as {@code (Object) -> String}. */
    private static MethodHandle toJson(Object gson) throws ReflectiveOperationException {
        return MethodHandles.publicLookup().findVirtual(gson.getClass(), "toJson",
                MethodType.methodType(String.class, Object.class)).bindTo(gson);
    }

    /** {@code gson.fromJson(String, Class)}, bound to one Gson and {@code Map.class}, as {@code (String) -> Object}. */
    private static MethodHandle fromJson(Object gson) throws ReflectiveOperationException {
        MethodHandle fromJson = MethodHandles.publicLookup().findVirtual(gson.getClass(), "fromJson",
                MethodType.methodType(Object.class, String.class, Class.class)).bindTo(gson);
        return MethodHandles.insertArguments(fromJson, 1, Map.class);
    }

    @Benchmark
    public String r1_toJsonPlain() throws Throwable {
        return (String) plainToJson.invokeExact((Object) DOCUMENT);
    }

    @Benchmark
    public String r2_toJsonGuarded() throws Throwable {
        return (String) guardedToJson.invokeExact((Object) DOCUMENT);
    }

    @Benchmark
    public Object r3_fromJsonPlain() throws Throwable {
        return plainFromJson.invokeExact(json);
    }

    @Benchmark
    public Object r4_fromJsonGuarded() throws Throwable {
        return guardedFromJson.invokeExact(json);
    }
}
