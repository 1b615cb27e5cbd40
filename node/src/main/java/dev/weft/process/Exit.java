package dev.weft.process;

import dev.weft.term.Inspect;
import dev.weft.term.Inspectable;
import dev.weft.term.Pid;

/**
 * The message a process that traps exits gets for an exit signal: Erlang's
 * {@code {'EXIT', From, Reason}}.
 *
 * <pre>{@code
 * Kernel.trapExit(true);
 * Pid child = Kernel.spawnLink(() -> Kernel.exit(Atom.of("boom")));
 * Exit exit = Kernel.receive(m -> m instanceof Exit e && e.from().equals(child) ? e : Kernel.NO_MATCH);
 * assert exit.reason().equals(Atom.of("boom"));
 * }</pre>
 *
 * @param from   the process (or node link) the signal came from
 * @param reason the exit reason: {@code :normal}, {@code :killed}, {@code :noproc}, any term, or the
 *               exception a crashed process raised
 */
public record Exit(Pid from, Object reason) implements Inspectable {
    @Override
    public String toString() {
        return "{:EXIT, " + from + ", " + Inspect.inspect(reason) + "}";
    }
}
