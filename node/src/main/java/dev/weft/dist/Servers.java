package dev.weft.dist;

import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import java.util.function.Supplier;

/** The node's own servers ({@link Global}'s, {@link Pg}'s default scope): each a process registered under its name, started on first use. */
final class Servers {
    private Servers() {}

    /** The process registered as {@code name}, or, if there is none, the one {@code start} starts and registers. */
    static synchronized Pid ensure(Atom name, Supplier<Pid> start) {
        Pid pid = Kernel.whereis(name);
        return pid != null ? pid : start.get();
    }
}
