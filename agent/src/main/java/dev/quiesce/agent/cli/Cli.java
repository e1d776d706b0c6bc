package dev.quiesce.agent.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs one command line and returns its exit code. Never throws and never prints a stack trace: every failure is one
 * line on standard error that says what was wrong and what to do.
 */
public final class Cli {
    private static final Map<String, Command> COMMANDS = Map.of(
            "attach", new AttachCommand(),
            "modules", new ModulesCommand(),
            "leaks", new LeaksCommand(),
            "unload", new UnloadCommand());

    private static final String USAGE = """
            Usage: java -jar quiesce-agent.jar <command> [arguments]

            Commands:
              attach <pid> [agent-arguments]     load Quiesce into a running JVM
              modules <pid | url> [--json]       list the modules of a JVM
              unload <pid | url> <module> [--timeout <duration>] [--json]
                                                 unload a module safely and report
              leaks <pid | url> [<module>...] [--dump <file.hprof>] [--json]
              leaks --hprof <file.hprof> [<module>...] [--json]
                                                 what holds an unloaded module's class loader:
                                                 paths from GC roots, from a heap dump

            <pid> is a JVM of this user on this machine (jps lists them); modules and unload reach it through its
            local JMX agent, which needs no agent loading. <url> is the JMX service URL of a JVM that exposes JMX,
            e.g. service:jmx:rmi:///jndi/rmi://host:9010/jmxrmi; set QUIESCE_JMX_USER and QUIESCE_JMX_PASSWORD if
            it asks for a password.

            Run 'java -jar quiesce-agent.jar <command> --help' for a command's details.

            """ + ExitCode.table();

    private Cli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return ExitCode.USAGE.code;
        }
        if (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(USAGE);
            return ExitCode.OK.code;
        }
        Command command = COMMANDS.get(args[0]);
        if (command == null) {
            err.println("quiesce: unknown command '" + args[0] + "'; the commands are attach, modules, unload and leaks;"
                    + " see: java -jar quiesce-agent.jar --help");
            return ExitCode.USAGE.code;
        }
        try {
            CommandLine line = CommandLine.parse(args[0], command.options(), Arrays.asList(args).subList(1, args.length));
            if (line.help) {
                out.print(command.usage());
                return ExitCode.OK.code;
            }
            return command.run(line, out, err).code;
        } catch (CliException e) {
            err.println("quiesce: " + e.getMessage());
            return e.exit.code;
        } catch (RuntimeException | LinkageError e) {
            err.println("quiesce: unexpected error: " + e);
            return ExitCode.FAILED.code;
        }
    }
}
