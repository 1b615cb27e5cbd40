package dev.weft.process;

import dev.weft.process.Signal.DownSignal;
import dev.weft.process.Signal.ExitSignal;
import dev.weft.process.Signal.Link;
import dev.weft.process.Signal.Monitor;
import dev.weft.term.Atom;
import dev.weft.term.Pid;

/** Delivery of signals to a pid; a signal for a process that is gone gets the BEAM's answer. */
final class Signals {
    private Signals() {}

    static void send(Pid to, Signal s) {
        Proc p = ProcessTable.get(to);
        if (p == null || !p.push(s)) bounce(to, s);
    }

    /** What the sender of {@code s} hears when {@code to} does not exist: noproc for links and monitors. */
    static void bounce(Pid to, Signal s) {
        switch (s) {
            case Link(Pid from) -> send(from, new ExitSignal(to, Atom.NOPROC, true));
            case Monitor(var ref, Pid from) -> send(from, new DownSignal(ref, to, Atom.NOPROC));
            default -> { }
        }
    }
}
