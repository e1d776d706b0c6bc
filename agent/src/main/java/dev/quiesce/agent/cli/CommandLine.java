package dev.quiesce.agent.cli;

import dev.quiesce.agent.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A command's arguments: positional ones, the flags {@code --help} and {@code --json}, and the options
 * {@code --timeout <duration>}, {@code --dump <file>} and {@code --hprof <file>} (also written {@code --name=value}),
 * of which each command takes the ones its {@link Command#options()} names.
 */
final class CommandLine {
    private static final Set<String> KNOWN = Set.of("--json", "--timeout", "--dump", "--hprof");
    final List<String> positional = new ArrayList<>();
    boolean help;
    boolean json;
    /** The {@code --timeout} value as written, or null. */
    String timeoutText;
    /** The {@code --timeout} value, parsed from {@link #timeoutText}, or null. */
    Duration timeout;
    /** Where to write the heap dump and keep it, or null. */
    String dump;
    /** A heap dump to read instead of a JVM, or null. */
    String hprof;

    /**
     * @param options the flags and options this command takes, besides {@code --help}
     * @throws CliException with {@link ExitCode#USAGE} for an unknown flag, one the command does not take, a missing
     *     value or a bad duration
     */
    static CommandLine parse(String command, Set<String> options, List<String> args) throws CliException {
        CommandLine line = new CommandLine();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (KNOWN.contains(name) && !options.contains(name)) {
                throw usage(command, command + " does not take " + name);
            }
            switch (name) {
                case "--help", "-h" -> line.help = true;
                case "--json" -> line.json = true;
                case "--timeout", "--dump", "--hprof" -> {
                    String value;
                    if (arg.contains("=")) {
                        value = arg.substring(arg.indexOf('=') + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw usage(command, name + " needs a value, e.g. " + name + " " + example(name));
                    }
                    line.set(command, name, value);
                }
                default -> {
                    if (arg.startsWith("--")) {
                        throw usage(command, "unknown option " + arg);
                    }
                    line.positional.add(arg);
                }
            }
        }
        return line;
    }

    private void set(String command, String name, String value) throws CliException {
        switch (name) {
            case "--timeout" -> {
                try {
                    timeout = Durations.parse("--timeout " + value, value);
                    timeoutText = value;
                } catch (IllegalArgumentException e) {
                    throw usage(command, e.getMessage());
                }
            }
            case "--dump" -> dump = value;
            default -> hprof = value;
        }
    }

    private static String example(String option) {
        return option.equals("--timeout") ? "30s" : "/tmp/heap.hprof";
    }

    /** A usage error, with the hint to the command's help. */
    static CliException usage(String command, String problem) {
        return new CliException(ExitCode.USAGE, problem + "; see: java -jar quiesce-agent.jar " + command
                + " --help");
    }
}
