package dev.weft.otp;

import dev.weft.otp.GenMsg.Call;
import dev.weft.otp.GenMsg.CallReply;
import dev.weft.otp.GenMsg.SysStop;
import dev.weft.process.Down;
import dev.weft.process.Kernel;
import dev.weft.process.Matcher;
import dev.weft.term.Atom;
import dev.weft.term.NodeNames;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import java.time.Duration;

/** The client side of a GenServer: {@code gen:call} and {@code proc_lib:stop}, on a monitor. */
final class GenCall {
    private static final Atom CALLING_SELF = Atom.of("calling_self");

    private GenCall() {}

    @SuppressWarnings("unchecked")
    static <T> T call(Object server, Object request, Duration timeout) {
        if (timeout == null) throw new IllegalArgumentException("GenServer.call to " + server + " needs a timeout (GenServer.INFINITY to wait forever)");
        Pid me = Kernel.self();
        Ref ref;
        if (Names.remote(server) instanceof Names.Remote(Atom name, Atom node)) {
            ref = Kernel.monitor(name, node);   // noproc at once if nobody there holds the name
            Kernel.send(name, node, new Call(new GenServer.From(me, ref), request));
        } else {
            Pid pid = Names.whereis(server);
            if (pid == null) throw Exits.failed(Atom.NOPROC, "GenServer", "call", server, request, Exits.timeoutTerm(timeout));
            if (pid.equals(me)) throw Exits.failed(CALLING_SELF, "GenServer", "call", server, request, Exits.timeoutTerm(timeout));
            ref = Kernel.monitor(pid);
            Kernel.send(pid, new Call(new GenServer.From(me, ref), request));
        }
        Object r = Kernel.receive(ref, new Answer(ref), timeout, () -> null);
        if (r instanceof CallReply c) {
            Kernel.demonitor(ref, Kernel.FLUSH);
            return (T) c.reply();
        }
        if (r instanceof Down d) throw Exits.failed(d.reason(), "GenServer", "call", server, request, Exits.timeoutTerm(timeout));
        Kernel.demonitor(ref, Kernel.FLUSH);
        throw Exits.failed(Atom.TIMEOUT, "GenServer", "call", server, request, Exits.timeoutTerm(timeout));
    }

    static void stop(Object server, Object reason, Duration timeout) {
        Ref ref;
        if (Names.remote(server) instanceof Names.Remote(Atom name, Atom node)) {
            ref = Kernel.monitor(name, node);   // a name nobody holds there: the DOWN says :noproc
            Kernel.send(name, node, new SysStop(reason));
        } else {
            Pid pid = Names.whereis(server);
            boolean local = pid != null && pid.node().equals(NodeNames.local());   // a remote one answers through the monitor
            if (pid == null || local && !Kernel.alive(pid)) throw Exits.failed(Atom.NOPROC, "GenServer", "stop", server, reason, Exits.timeoutTerm(timeout));
            ref = Kernel.monitor(pid);
            Kernel.send(pid, new SysStop(reason));
        }
        Down d = (Down) Kernel.receive(ref, Kernel.downOf(ref), timeout, () -> null);
        if (d == null) {
            Kernel.demonitor(ref, Kernel.FLUSH);
            throw Exits.failed(Atom.TIMEOUT, "GenServer", "stop", server, reason, Exits.timeoutTerm(timeout));
        }
        if (Atom.NOPROC.equals(d.reason())) throw Exits.failed(Atom.NOPROC, "GenServer", "stop", server, reason, Exits.timeoutTerm(timeout));
        if (!d.reason().equals(reason)) Kernel.exit(d.reason());
    }

    // The matchers of a call are records rather than lambdas capturing the ref: the JVM flags Weft runs
    // with (-XX:PerMethodTrapLimit=0) make allocating a capturing lambda ~20x slower than a plain object.

    /** The reply to the call under {@code ref}, or the DOWN of its monitor. */
    private record Answer(Ref ref) implements Matcher {
        @Override
        public Object match(Object m) {
            return m instanceof CallReply c && c.ref().equals(ref) || m instanceof Down d && d.ref().equals(ref) ? m : Kernel.NO_MATCH;
        }
    }
}
