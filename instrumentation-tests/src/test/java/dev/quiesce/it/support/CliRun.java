package dev.quiesce.it.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CLI ({@code java -jar quiesce-agent.jar ...}). {@link #start} runs it in this JVM, where -javaagent has put
 * the agent jar on the system class path, so a test can watch its output while it runs and need not start a JVM per
 * command; {@link #process} runs it as its own process, as an operator does.
 */
public final class CliRun {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> exit;

    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    private CliRun(String... args) {
        exit = CompletableFuture.supplyAsync(() -> {
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                Method run = Class.forName("dev.quiesce.agent.cli.Cli", true, ClassLoader.getSystemClassLoader())
                        .getMethod("run", String[].class, PrintStream.class, PrintStream.class);
                return (Integer) run.invoke(null, args, o, e);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot run the CLI in this JVM", e);
            }
        });
    }

    /** Starts the CLI in this JVM. */
    public static CliRun start(String... args) {
        return new CliRun(args);
    }

    /** Runs the CLI in this JVM to the end. */
    public static Result run(String... args) throws Exception {
        return start(args).result();
    }

    /** What the CLI printed on standard error so far. */
    public String errSoFar() {
        return err.toString(StandardCharsets.UTF_8);
    }

    public boolean isDone() {
        return exit.isDone();
    }

    public Result result() throws Exception {
        int code = exit.get(60, TimeUnit.SECONDS);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code java -jar quiesce-agent.jar args} as its own process. */
    public static Result process(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1", "-jar", System.getProperty("quiesce.agentJar")));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("cli-out", ".log");
        Path err = Files.createTempFile("cli-err", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the CLI did not finish in 60 s: " + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
