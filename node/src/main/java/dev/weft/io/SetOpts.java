package dev.weft.io;

import dev.weft.term.Inspect;
import dev.weft.term.Inspectable;
import java.util.List;

/**
 * Change how a device answers: Erlang's {@code {:setopts, opts}}. Options: {@code :binary} /
 * {@code :list} (or {@code {:binary, bool}}): data comes back as a String / bytes, or as a list of
 * character codes; {@code {:encoding, :unicode | :utf8 | :latin1}}: how the device stores
 * characters. Replies {@code :ok} or {@code {:error, :enotsup}}.
 *
 * <pre>{@code
 * IO.request(device, new SetOpts(List.of(Atom.of("list"))), Duration.ofSeconds(5));
 * }</pre>
 *
 * @param opts the options, as atoms and {@code {key, value}} tuples
 */
public record SetOpts(List<Object> opts) implements Inspectable {
    public SetOpts {
        opts = List.copyOf(opts);
    }

    @Override
    public String toString() {
        return "{:setopts, " + Inspect.inspect(opts) + "}";
    }
}
