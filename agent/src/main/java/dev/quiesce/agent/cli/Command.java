package dev.quiesce.agent.cli;

import java.io.PrintStream;

/** One subcommand. Results go to {@code out}; progress and notes to {@code err}. */
interface Command {
    /** The text {@code <command> --help} prints. */
    String usage();

    ExitCode run(CommandLine line, PrintStream out, PrintStream err) throws CliException;
}
