package dev.quiesce.agent.cli;

import dev.quiesce.agent.control.WireNames;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.JMException;
import javax.management.JMRuntimeException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/** {@code unload <pid|url> <module>}: unloads a module, shows the drain's progress, prints the report. */
final class UnloadCommand implements Command {
    static final List<String> KEYS = List.of(WireNames.MODULE, WireNames.OUTCOME, WireNames.IN_FLIGHT_AT_START,
            WireNames.DRAIN_MILLIS, WireNames.TEARDOWN_MILLIS, WireNames.COLLECT_MILLIS, WireNames.BLOCKERS,
            WireNames.FIXES, WireNames.LEAKS, WireNames.PROBLEMS, WireNames.SUMMARY);
    /** A blocker's keys in the JSON: its structure; its headline and text are made of these. */
    static final List<String> BLOCKER_KEYS = List.of(WireNames.THREAD, WireNames.THREAD_ID, WireNames.THREAD_STATE,
            WireNames.INSIDE, WireNames.FRAMES, WireNames.MORE_FRAMES);
    private static final String DEFAULT_TIMEOUT_TEXT = "30s";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public String usage() {
        return """
                Usage: java -jar quiesce-agent.jar unload <pid | service:jmx:...> <module> [--timeout <duration>] [--json]

                Unloads a module (an ID from the modules command): new calls are refused at once, the calls in
                flight are waited for up to the timeout, then the module's @OnUnload hooks run, the host is told, and
                the class loader is checked to be collected. While it drains, progress goes to standard error: calls
                still in flight and, after a second, the threads holding it back. Then the report is printed.

                  --timeout <duration>  how long to wait for the calls in flight: 500ms, 5s, 2m (default 30s).
                                        On timeout the module goes back in service untouched.
                  --json                print the report as one JSON object with the keys module, outcome,
                                        inFlightAtStart, drainMillis, teardownMillis, collectMillis,
                                        blockers, fixes, leaks, problems, summary; each blocker an
                                        object with thread, threadId, threadState, inside, frames and
                                        moreFrames (a task group has no thread: null, -1, null)

                Interrupting this command does not stop an unload that has started in the target.

                """ + ExitCode.table();
    }

    @Override
    public Set<String> options() {
        return Set.of("--json", "--timeout");
    }

    /** The report's items, each blocker an object of {@link #BLOCKER_KEYS}. */
    static Map<String, Object> json(CompositeData report) {
        Map<String, Object> fields = Json.fields(report, KEYS);
        fields.put(WireNames.BLOCKERS, Arrays.stream(Report.blockers(report))
                .map(blocker -> Json.fields(blocker, BLOCKER_KEYS)).toList());
        return fields;
    }

    @Override
    public ExitCode run(CommandLine line, PrintStream out, PrintStream err) throws CliException {
        if (line.positional.size() != 2) {
            throw CommandLine.usage("unload", "unload takes a pid or a JMX service URL, then a module name");
        }
        String module = line.positional.get(1);
        String timeoutText = line.timeout == null ? DEFAULT_TIMEOUT_TEXT : line.timeoutText;
        Duration timeout = line.timeout == null ? DEFAULT_TIMEOUT : line.timeout;
        try (Target target = Target.connect(line.positional.get(0))) {
            ObjectName control = target.control();
            Progress progress = new Progress(target, control, module, "unloading '" + module + "' in " + target
                    + ", waiting up to " + timeoutText + " for calls in flight", err);
            CompositeData report;
            try {
                report = (CompositeData) target.mbeans().invoke(control, WireNames.UNLOAD,
                        new Object[] {module, timeout.toMillis()}, new String[] {String.class.getName(), "long"});
            } finally {
                progress.stop();
            }
            ExitCode exit = ExitCode.of((String) report.get(WireNames.OUTCOME));
            out.print(line.json ? Json.write(json(report)) + "\n" : Report.text(report));
            return exit;
        } catch (JMRuntimeException | JMException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof IllegalStateException || cause instanceof IllegalArgumentException) {
                throw new CliException(ExitCode.REFUSED, "unload refused: " + cause.getMessage());
            }
            throw new CliException(ExitCode.FAILED, "the unload failed: " + cause);
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILED, "lost the connection during the unload (" + CliException.reason(e)
                    + "); the unload goes on in the target: run 'modules' to see the module's state");
        }
    }
}
