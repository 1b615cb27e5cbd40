package dev.weft.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code weft} command line ({@code scripts/weft} runs it). Each subcommand is its own class,
 * listed in {@code subcommands}.
 *
 * <pre>{@code
 * scripts/weft node --name a@127.0.0.1 --port 4370
 * scripts/weft node --name b@127.0.0.1 --port 4371 --connect a@127.0.0.1:4370 --main com.example.App
 * }</pre>
 */
@Command(name = "weft", mixinStandardHelpOptions = true, version = "weft 0.1.0",
        description = "Erlang/Elixir processes on the JVM, as a multi-node cluster.",
        subcommands = {NodeCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) System.exit(code);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
