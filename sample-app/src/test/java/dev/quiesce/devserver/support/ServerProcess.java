package dev.quiesce.devserver.support;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The dev server in a forked JVM with the real agent as {@code -javaagent}, listening on a free port of 127.0.0.1,
 * polling its plugins directory every 100 ms. Collects its output as it comes; {@link #close()} kills it.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern METASPACE = Pattern.compile("\"metaspaceUsedBytes\": (\\d+)");
    private static final Pattern UNLOADED_CLASSES = Pattern.compile("\"classesUnloaded\": (\\d+)");
    private static final Pattern RETRIED = Pattern.compile("\"retriedOnNewGeneration\": (\\d+)");

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private volatile boolean outputEnded;

    /** An answer: status, the generation that served it ({@code X-Quiesce-Module}) and the body. */
    public record Answer(int status, String module, String body) {
    }

    private ServerProcess(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(this::collectOutput, "server-output");
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> LISTENING.matcher(log()).find() || !process.isAlive());
        Matcher m = LISTENING.matcher(log());
        if (!m.find()) {
            throw new AssertionError("the server did not start:\n" + log());
        }
        port = Integer.parseInt(m.group(1));
    }

    /** Starts the server on {@code plugins} with these extra flags and agent arguments (empty for none). */
    public static ServerProcess start(Path plugins, String agentArgs, String... flags) throws IOException {
        List<String> args = new ArrayList<>(List.of("--plugins", plugins.toString(), "--port", "0", "--poll", "100ms"));
        args.addAll(List.of(flags));
        return new ServerProcess(command(agentArgs, args));
    }

    /** Runs the server with these arguments to its exit (for bad command lines); returns its exit code and output. */
    public static Result run(boolean withAgent, String... args) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command(withAgent ? "" : null, List.of(args))).redirectErrorStream(true)
                .start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process));
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server did not exit in 30 s");
        }
        return new Result(process.exitValue(), output.join());
    }

    /** How a run ended. */
    public record Result(int exitCode, String output) {
    }

    public int port() {
        return port;
    }

    /** The server's process id, for the CLI. */
    public String pid() {
        return Long.toString(process.pid());
    }

    /** Everything the server printed so far. */
    public String log() {
        return String.join("\n", lines);
    }

    /** Waits until the log has a line containing {@code text}. */
    public void awaitLog(String text, Duration atMost) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(20))
                    .failFast("the server's output ended", () -> outputEnded && !has(text))
                    .until(() -> has(text));
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError("no log line with '" + text + "' (" + e.getMessage() + "); the log:\n" + log());
        }
    }

    private boolean has(String text) {
        return lines.stream().anyMatch(line -> line.contains(text));
    }

    /** How many log lines contain {@code text}. */
    public long count(String text) {
        return lines.stream().filter(line -> line.contains(text)).count();
    }

    public Answer get(String path) throws IOException, InterruptedException {
        return answer(http.send(request(path), HttpResponse.BodyHandlers.ofString()));
    }

    public CompletableFuture<Answer> getAsync(String path) {
        return http.sendAsync(request(path), HttpResponse.BodyHandlers.ofString()).thenApply(ServerProcess::answer);
    }

    public Answer get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).header("Accept", accept)
                .timeout(Duration.ofSeconds(30)).build();
        return answer(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /** Metaspace in use now, as {@code /quiesce} reports it. */
    public long metaspaceUsed() throws IOException, InterruptedException {
        return number(METASPACE);
    }

    /** Classes the JVM has unloaded so far, as {@code /quiesce} reports it. */
    public long classesUnloaded() throws IOException, InterruptedException {
        return number(UNLOADED_CLASSES);
    }

    /** Requests refused by a replaced generation and served by its successor, as {@code /quiesce} reports it. */
    public long retriedOnNewGeneration() throws IOException, InterruptedException {
        return number(RETRIED);
    }

    /** Waits until {@code /quiesce} shows one request inside this serving module. */
    public void awaitInFlight(String module) {
        awaitServing(module, "ACTIVE");
    }

    /** Waits until {@code /quiesce} shows this serving module in this state with one request inside. */
    public void awaitServing(String module, String state) {
        awaitStatus("\"module\": \"" + module + "\", \"role\": \"serving\", \"state\": \"" + state + "\","
                + " \"inFlight\": 1,");
    }

    /** Waits until {@code /quiesce}, with every run of white space made one space, contains {@code text}. */
    public void awaitStatus(String text) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> status().contains(text));
    }

    /** {@code /quiesce}, with every run of white space made one space. */
    public String status() throws IOException, InterruptedException {
        return get("/quiesce").body().replaceAll("\\s+", " ");
    }

    /** Sends SIGTERM and waits for the exit; returns the exit code. */
    public int terminate() throws InterruptedException {
        process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the output stream
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the server did not stop 60 s after SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private long number(Pattern pattern) throws IOException, InterruptedException {
        Matcher m = pattern.matcher(get("/quiesce").body());
        if (!m.find()) {
            throw new AssertionError("no " + pattern + " in /quiesce");
        }
        return Long.parseLong(m.group(1));
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static Answer answer(HttpResponse<String> response) {
        return new Answer(response.statusCode(), response.headers().firstValue("X-Quiesce-Module").orElse(""),
                response.body());
    }

    private void collectOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(output lost: " + e + ")");
        } finally {
            outputEnded = true;
        }
    }

    private static String readAll(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output lost: " + e + ")";
        }
    }

    private static List<String> command(String agentArgs, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        if (agentArgs != null) {
            String agent = "-javaagent:" + System.getProperty("quiesce.agentJar");
            command.add(agentArgs.isEmpty() ? agent : agent + "=" + agentArgs);
        }
        command.addAll(List.of("-cp", System.getProperty("quiesce.serverClasses"),
                "dev.quiesce.devserver.DevServerMain"));
        command.addAll(args);
        return command;
    }
}
