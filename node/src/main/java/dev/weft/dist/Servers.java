package dev.weft.dist;

import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Pid;

/** The node's own servers ({@link Global}'s, {@link Pg}'s): each a process registered under its name, started on first use. */
final class Servers {
    private Servers() {}

    /** The process registered as {@code name}, spawned to run {@code body} if there is none. */
    static synchronized Pid ensure(Atom name, Runnable body) {
        Pid pid = Kernel.whereis(name);
        if (pid != null) return pid;
        pid = Kernel.spawn(body);
        Kernel.register(pid, name);
        return pid;
    }
}
