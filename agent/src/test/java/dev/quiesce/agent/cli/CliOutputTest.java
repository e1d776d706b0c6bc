package dev.quiesce.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The CLI's parts that need no JVM to talk to: argument parsing, JSON, tables, usage errors. */
class CliOutputTest {
    private static final Set<String> UNLOAD = Set.of("--json", "--timeout");


    @Test
    void jsonEscapesAndKeepsOrder() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("module", "billing#2");
        report.put("inFlight", 3L);
        report.put("blockers", new String[] {"\"worker\" (id 7)\n\tat X.y(X.java:1)"});
        report.put("done", true);
        report.put("none", null);
        assertEquals("{\"module\":\"billing#2\",\"inFlight\":3,\"blockers\":[\"\\\"worker\\\" (id 7)\\n\\tat"
                + " X.y(X.java:1)\"],\"done\":true,\"none\":null}", Json.write(report));
        assertEquals("[\"\\u0001\",[]]", Json.write(List.of("\u0001", List.of())));
    }

    @Test
    void tablePadsColumnsAndRightAlignsNumbers() {
        Table table = new Table(List.of("NAME", "IN FLIGHT", "LOADER"), false, true, false);
        table.add(List.of("billing#2", "12", "'billing'"));
        table.add(List.of("x", "0", "'x'"));
        assertEquals("NAME       IN FLIGHT  LOADER\nbilling#2         12  'billing'\nx                  0  'x'\n",
                table.toString());
    }

    @Test
    void flagsAreParsedAndBadOnesAreUsageErrors() throws CliException {
        CommandLine line = CommandLine.parse("unload", UNLOAD, List.of("123", "--json", "billing", "--timeout=2m"));
        assertEquals(List.of("123", "billing"), line.positional);
        assertEquals("2m", line.timeoutText);
        assertEquals(true, line.json);

        CliException bad = assertThrows(CliException.class, () -> CommandLine.parse("unload", UNLOAD,
                List.of("--timeout")));
        assertEquals(ExitCode.USAGE, bad.exit);
        assertEquals("--timeout needs a value, e.g. --timeout 30s; see: java -jar quiesce-agent.jar unload --help",
                bad.getMessage());
        assertEquals("unknown option --force; see: java -jar quiesce-agent.jar modules --help",
                assertThrows(CliException.class, () -> CommandLine.parse("modules", Set.of("--json"), List.of("--force")))
                        .getMessage());
        assertEquals("modules does not take --timeout; see: java -jar quiesce-agent.jar modules --help",
                assertThrows(CliException.class, () -> CommandLine.parse("modules", Set.of("--json"),
                        List.of("1", "--timeout", "2s"))).getMessage());
        CommandLine leaks = CommandLine.parse("leaks", Set.of("--json", "--dump", "--hprof"),
                List.of("--hprof=/tmp/a.hprof", "billing", "--dump", "/tmp/b.hprof"));
        assertEquals("/tmp/a.hprof", leaks.hprof);
        assertEquals("/tmp/b.hprof", leaks.dump);
        assertEquals(List.of("billing"), leaks.positional);
    }

    @Test
    void timeoutIsParsedOnceWithItsText() throws CliException {
        CommandLine line = CommandLine.parse("unload", UNLOAD, List.of("1", "billing", "--timeout", "1500ms"));
        assertEquals(Duration.ofMillis(1500), line.timeout);
        assertEquals("1500ms", line.timeoutText);
        assertEquals(null, CommandLine.parse("unload", UNLOAD, List.of("1", "billing")).timeout);
    }

    @Test
    void usageErrorsAreOneLineAndExitTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.run(new String[] {"unlaod", "1"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, exit);
        assertEquals("quiesce: unknown command 'unlaod'; the commands are attach, modules, unload and leaks; see: java -jar"
                + " quiesce-agent.jar --help\n", err.toString(StandardCharsets.UTF_8));
    }
}
