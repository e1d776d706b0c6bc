package dev.quiesce.agent.cli;

/** {@code java -jar quiesce-agent.jar}: runs a command and exits with its {@link ExitCode}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.run(args, System.out, System.err));
    }
}
