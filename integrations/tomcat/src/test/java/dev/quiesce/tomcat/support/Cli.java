package dev.quiesce.tomcat.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the agent's CLI ({@code java -jar quiesce-agent.jar ...}) as its own process against this JVM, as an operator. */
public final class Cli {
    public record Result(int exitCode, String output) {
    }

    private Cli() {
    }

    /** Runs {@code command <this JVM's pid> args...}; output is standard output and error together. */
    public static Result onThisJvm(String command, String... args) throws Exception {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1", "-jar", System.getProperty("quiesce.agentJar"),
                command, Long.toString(ProcessHandle.current().pid())));
        line.addAll(List.of(args));
        Path output = Files.createTempFile("quiesce-cli", ".log");
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the CLI did not finish in 60 s: " + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
