package dev.weft.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code weft} command line ({@code scripts/weft} runs it). Each subcommand is its own class,
 * listed in {@code subcommands}.
 *
 * <pre>{@code
 * scripts/weft                                   # a default node with the shell
 * scripts/weft run scripts/examples/processes.java
 * scripts/weft node --name a@127.0.0.1 --port 4370
 * scripts/weft cluster --nodes 3
 * scripts/weft ping a@127.0.0.1:4370
 * scripts/weft node --name b@127.0.0.1 --port 4371 --connect a@127.0.0.1:4370 --main com.example.App
 * }</pre>
 */
@Command(name = "weft", mixinStandardHelpOptions = true, version = "weft 0.1.0",
        description = "Erlang/Elixir processes on the JVM, as a multi-node cluster.",
        subcommands = {NodeCommand.class, RunCommand.class, ClusterCommand.class, ControlCommand.Ping.class, ControlCommand.Nodes.class, ControlCommand.Stop.class, ControlCommand.Remsh.class})
public final class Main implements Runnable {
    /** What {@code weft} with no arguments does: a default node on 127.0.0.1 with the shell. */
    static final String[] DEFAULT = {"node", "--name", "weft@127.0.0.1", "--port", "0", "--shell"};

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s %3$s: %5$s%6$s%n");
        }
        int code = commandLine().execute(args.length == 0 ? DEFAULT : args);
        System.exit(code);
    }

    /** The command line; a setting that cannot work (an {@link IllegalArgumentException}) is one line saying why, not a stack trace. */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler((e, line, parsed) -> {
            if (!(e instanceof IllegalArgumentException)) throw e;
            line.getErr().println("weft: " + e.getMessage());
            return 1;
        });
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
