package dev.quiesce.it.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test class path in a fresh JVM (the same java as this one) and captures its output. The
 * JVM gets this one's {@code quiesce.testPlugins}, so a main there can load the test plugins through {@link Plugins}.
 */
public final class ForkedJvm {
    public record Result(int exitCode, String output) {
    }

    private ForkedJvm() {
    }

    /**
     * @param agentArgs     the agent's arguments, or null to run without the agent
     * @param extraClassPath entries appended to this JVM's class path
     */
    public static Result run(String agentArgs, List<String> extraClassPath, String mainClass, String... args)
            throws IOException, InterruptedException {
        return run(agentArgs, List.of(), extraClassPath, mainClass, args);
    }

    /** As {@link #run(String, List, String, String...)}, with JVM options such as {@code -XX:+DisableExplicitGC}. */
    public static Result run(String agentArgs, List<String> jvmOptions, List<String> extraClassPath,
                             String mainClass, String... args) throws IOException, InterruptedException {
        List<String> command = command(agentArgs, jvmOptions, extraClassPath, mainClass, args);
        Path output = Files.createTempFile("forked-jvm", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("forked JVM did not finish in 60 s: " + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The command line of a small JVM (the same java as this one) with this JVM's class path. */
    static List<String> command(String agentArgs, List<String> jvmOptions, List<String> extraClassPath,
                                String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx64m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Dquiesce.testPlugins=" + Plugins.jar());
        command.addAll(jvmOptions);
        if (agentArgs != null) {
            String agent = "-javaagent:" + System.getProperty("quiesce.agentJar");
            command.add(agentArgs.isEmpty() ? agent : agent + "=" + agentArgs);
        }
        List<String> classPath = new ArrayList<>(List.of(System.getProperty("java.class.path")));
        classPath.addAll(extraClassPath);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }
}
