package dev.quiesce.agent.cli;

import dev.quiesce.agent.Durations;
import java.util.ArrayList;
import java.util.List;

/**
 * A command's arguments: positional ones, and the flags {@code --help}, {@code --json},
 * {@code --timeout <duration>}.
 */
final class CommandLine {
    final List<String> positional = new ArrayList<>();
    boolean help;
    boolean json;
    /** The {@code --timeout} value as written (a valid duration), or null. */
    String timeoutText;

    /**
     * @throws CliException with {@link ExitCode#USAGE} for an unknown flag, a missing value or a bad duration
     */
    static CommandLine parse(String command, List<String> args) throws CliException {
        CommandLine line = new CommandLine();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--help", "-h" -> line.help = true;
                case "--json" -> line.json = true;
                case "--timeout" -> {
                    if (i + 1 == args.size()) {
                        throw usage(command, "--timeout needs a duration, e.g. --timeout 30s");
                    }
                    line.timeout(command, args.get(++i));
                }
                default -> {
                    if (arg.startsWith("--timeout=")) {
                        line.timeout(command, arg.substring("--timeout=".length()));
                    } else if (arg.startsWith("--")) {
                        throw usage(command, "unknown option " + arg);
                    } else {
                        line.positional.add(arg);
                    }
                }
            }
        }
        return line;
    }

    private void timeout(String command, String text) throws CliException {
        try {
            Durations.parse("--timeout " + text, text);
            timeoutText = text;
        } catch (IllegalArgumentException e) {
            throw usage(command, e.getMessage());
        }
    }

    /** A usage error, with the hint to the command's help. */
    static CliException usage(String command, String problem) {
        return new CliException(ExitCode.USAGE, problem + "; see: java -jar quiesce-agent.jar " + command
                + " --help");
    }
}
