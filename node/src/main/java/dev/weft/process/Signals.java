package dev.weft.process;

import dev.weft.process.Signal.AliasMessage;
import dev.weft.process.Signal.Demonitor;
import dev.weft.process.Signal.DownSignal;
import dev.weft.process.Signal.ExitSignal;
import dev.weft.process.Signal.InfoRequest;
import dev.weft.process.Signal.Link;
import dev.weft.process.Signal.Monitor;
import dev.weft.process.Signal.Unlink;
import dev.weft.term.Atom;
import dev.weft.term.NodeNames;
import dev.weft.term.Pid;
import dev.weft.term.Ref;

/**
 * Delivery of signals to a pid; a signal for a process that is gone gets the BEAM's answer. Signals
 * for pids of other nodes go to the installed {@link RemoteSignals}.
 */
final class Signals {
    /** Set once by {@link Inbound#install}; null on a node that is not distributed. */
    static volatile RemoteSignals remote;

    private Signals() {}

    static void send(Pid to, Signal s) {
        Proc p = ProcessTable.get(to);
        if (p != null) {
            if (!p.isAlive() || !p.push(s)) bounce(to, s);   // a decided exit is done: a link or monitor after it sees noproc
        } else if (remote != null && !ProcessTable.isLocal(to)) {
            toRemote(remote, to, s);
        } else {
            bounce(to, s);
        }
    }

    private static void toRemote(RemoteSignals r, Pid to, Signal s) {
        switch (s) {
            case Link(Pid from) -> r.link(from, to);
            case Unlink(Pid from) -> r.unlink(from, to);
            case ExitSignal(Pid from, Object reason, boolean linked) -> r.exit(from, to, reason, linked);
            case Monitor(var ref, Pid from) -> r.monitor(from, to, ref);
            case Demonitor(var ref, Pid from) -> r.demonitor(from, to, ref);
            case DownSignal(var ref, Pid from, Object reason) -> r.down(from, to, ref, reason);
            case AliasMessage(var alias, Object msg) -> r.sendAlias(alias, msg);
            case InfoRequest<?> i -> { }   // only ever pushed to a local process
        }
    }

    /** A message for a pid that is not local: handed to distribution, or dropped when there is none. */
    static void sendRemote(Pid to, Object msg) {
        RemoteSignals r = remote;
        if (r != null) r.send(to, msg);
    }

    /**
     * A message through {@code alias}: to the local process it stands for (which drops it if the
     * alias is no longer active when it arrives), to the alias's node, or nowhere (as on the BEAM,
     * a message to an inactive alias or a plain ref is dropped).
     */
    static void sendAlias(Ref alias, Object msg, boolean forward) {
        Proc p = ProcessTable.aliasOwner(alias);
        if (p != null) p.push(new AliasMessage(alias, msg));
        else if (forward && remote != null && !NodeNames.isLocal(alias.node())) remote.sendAlias(alias, msg);
    }

    /**
     * What the sender of a link or monitor hears when {@code to} does not exist: {@code :noproc}, or
     * {@code :noconnection} for a pid of another node while this one is not distributed (as the BEAM).
     */
    static void bounce(Pid to, Signal s) {
        Atom reason = ProcessTable.isLocal(to) ? Atom.NOPROC : Atom.NOCONNECTION;
        switch (s) {
            case Link(Pid from) -> send(from, new ExitSignal(to, reason, true));
            case Monitor(var ref, Pid from) -> send(from, new DownSignal(ref, to, reason));
            default -> { }
        }
    }
}
