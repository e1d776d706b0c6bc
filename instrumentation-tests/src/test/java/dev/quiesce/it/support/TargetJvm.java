package dev.quiesce.it.support;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.it.forked.PluginHost;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A forked JVM running {@link PluginHost}, driven one command at a time over its standard input. Its standard output
 * and error are collected line by line for assertions.
 */
public final class TargetJvm implements AutoCloseable {
    private final Process process;
    private final Writer commands;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private TargetJvm(Process process) {
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
            } catch (IOException e) {
                lines.add("(output lost: " + e + ")");
            }
        }, "target-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param agentArgs the agent's arguments, or null to start without the agent
     */
    public static TargetJvm start(String agentArgs, String... jvmOptions) throws IOException {
        TargetJvm target = new TargetJvm(new ProcessBuilder(ForkedJvm.command(agentArgs, List.of(jvmOptions),
                List.of(), PluginHost.class.getName(), Plugins.jar().toString())).redirectErrorStream(true).start());
        target.awaitLine("ready");
        return target;
    }

    public String pid() {
        return Long.toString(process.pid());
    }

    /** Sends a command and returns its answer: the first new line that starts with {@code answer}. */
    public String send(String command, String answer) throws IOException {
        int seen = lines.size();
        commands.write(command + "\n");
        commands.flush();
        return awaitLine(answer, seen);
    }

    /** The id of the module in the loader with this name, from {@code modules --json}. */
    public String moduleId(String loaderName) throws Exception {
        String json = CliRun.run("modules", pid(), "--json").out();
        Matcher m = Pattern.compile("\\{\"id\":\"([^\"]+)\",[^}]*\"loader\":\"'" + Pattern.quote(loaderName) + "'")
                .matcher(json);
        assertTrue(m.find(), "no module in loader " + loaderName + ": " + json);
        return m.group(1);
    }

    public String output() {
        return String.join("\n", lines);
    }

    private String awaitLine(String prefix) {
        return awaitLine(prefix, 0);
    }

    private String awaitLine(String prefix, int from) {
        try {
            return await().atMost(Duration.ofSeconds(20)).until(() -> lines.subList(from, lines.size()).stream()
                    .filter(line -> line.startsWith(prefix)).findFirst().orElse(null), line -> line != null);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no line starting with '" + prefix + "' from the target in 20 s; its output:\n"
                    + output(), e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (process.waitFor(10, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
