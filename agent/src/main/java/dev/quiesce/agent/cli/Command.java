package dev.quiesce.agent.cli;

import java.io.PrintStream;
import java.util.Set;

/** One subcommand. Results go to {@code out}; progress and notes to {@code err}. */
interface Command {
    /** The text {@code <command> --help} prints. */
    String usage();

    /** The flags and options it takes, besides {@code --help}: any of {@code --json}, {@code --timeout},
     * {@code --dump}, {@code --hprof}. */
    Set<String> options();

    ExitCode run(CommandLine line, PrintStream out, PrintStream err) throws CliException;
}
