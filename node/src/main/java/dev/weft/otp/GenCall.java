package dev.weft.otp;

import dev.weft.otp.GenMsg.Call;
import dev.weft.otp.GenMsg.CallReply;
import dev.weft.otp.GenMsg.SysStop;
import dev.weft.process.Down;
import dev.weft.process.ExitException;
import dev.weft.process.Kernel;
import dev.weft.process.Matcher;
import dev.weft.process.Spawned;
import dev.weft.term.Atom;
import dev.weft.term.NodeNames;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The client side of a GenServer: {@code gen:call}, {@code multi_call} and {@code proc_lib:stop}, on
 * monitors. A call's monitor ref is also an alias that ends with the monitor, and the server replies
 * to the alias ({@link GenServer#reply}), so a reply that comes after the call gave up is dropped.
 */
final class GenCall {
    private static final Atom CALLING_SELF = Atom.of("calling_self");

    private GenCall() {}

    @SuppressWarnings("unchecked")
    static <T> T call(Object server, Object request, Duration timeout) {
        if (timeout == null) throw new IllegalArgumentException("GenServer.call to " + server + " needs a timeout (GenServer.INFINITY to wait forever)");
        Pid me = Kernel.self();
        Ref ref;
        if (Names.remote(server) instanceof Names.Remote(Atom name, Atom node)) {
            ref = Kernel.monitor(name, node, Kernel.DEMONITOR);   // noproc at once if nobody there holds the name
            Kernel.send(name, node, new Call(new GenServer.From(me, ref), request));
        } else {
            Pid pid = Names.whereis(server);
            if (pid == null) throw Exits.failed(Atom.NOPROC, "GenServer", "call", server, request, Exits.timeoutTerm(timeout));
            if (pid.equals(me)) throw Exits.failed(CALLING_SELF, "GenServer", "call", server, request, Exits.timeoutTerm(timeout));
            ref = Kernel.monitor(pid, Kernel.DEMONITOR);
            Kernel.send(pid, new Call(new GenServer.From(me, ref), request));
        }
        Object r = Kernel.receive(ref, new Answer(ref), timeout, () -> null);
        if (r instanceof CallReply c) {
            Kernel.demonitor(ref, Kernel.FLUSH);
            return (T) c.reply();
        }
        if (r instanceof Down d) throw Exits.failed(Exits.callReason(d), "GenServer", "call", server, request, Exits.timeoutTerm(timeout));
        Kernel.demonitor(ref, Kernel.FLUSH);   // ends the alias: a later reply is dropped
        if (Kernel.receive(ref, new Answer(ref), Duration.ZERO, () -> null) instanceof CallReply c) return (T) c.reply();   // it came just now
        throw Exits.failed(Atom.TIMEOUT, "GenServer", "call", server, request, Exits.timeoutTerm(timeout));
    }

    /**
     * {@code gen_server:multi_call}: with a timeout, the calls go from a helper process, so that a
     * reply that comes too late goes to the helper, gone by then, and not to the caller.
     */
    static Tuple multiCall(List<Atom> nodes, Atom name, Object request, Duration timeout) {
        if (Exits.saturatedNanos(timeout) >= Exits.saturatedNanos(GenServer.INFINITY)) return collect(nodes, name, request, timeout);
        Pid me = Kernel.self();
        Ref tag = Kernel.makeRef();
        Spawned helper = Kernel.spawnMonitor(() -> Kernel.send(me, Tuple.of(tag, collect(nodes, name, request, timeout))));
        Object r = Kernel.receive(helper.ref(), m -> m instanceof Tuple t && t.size() == 2 && tag.equals(t.get(0)) || m instanceof Down d && d.ref().equals(helper.ref())
                ? m : Kernel.NO_MATCH, GenServer.INFINITY, () -> null);
        if (r instanceof Down d) throw new ExitException(d.reason());
        Kernel.demonitor(helper.ref(), Kernel.FLUSH);
        return (Tuple) ((Tuple) r).get(1);
    }

    private static Tuple collect(List<Atom> nodes, Atom name, Object request, Duration timeout) {
        Pid me = Kernel.self();
        Map<Ref, Atom> pending = new HashMap<>();
        for (Atom node : nodes) {
            Ref ref = Kernel.monitor(name, node, Kernel.DEMONITOR);   // noproc or noconnection at once if nobody holds the name there
            Kernel.send(name, node, new Call(new GenServer.From(me, ref), request));
            pending.put(ref, node);
        }
        Map<Atom, Object> replies = new HashMap<>();
        long deadline = System.nanoTime() + Exits.saturatedNanos(timeout);
        while (!pending.isEmpty()) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            Object r = Kernel.receive(m -> m instanceof CallReply c && pending.containsKey(c.ref()) || m instanceof Down d && pending.containsKey(d.ref())
                    ? m : Kernel.NO_MATCH, left, () -> null);
            if (r == null) break;
            if (r instanceof CallReply c) {
                Kernel.demonitor(c.ref(), Kernel.FLUSH);
                replies.put(pending.remove(c.ref()), c.reply());
            } else {
                pending.remove(((Down) r).ref());
            }
        }
        for (Ref ref : pending.keySet()) Kernel.demonitor(ref, Kernel.FLUSH);
        List<Tuple> good = new ArrayList<>();
        List<Atom> bad = new ArrayList<>();
        for (Atom node : nodes) {
            if (replies.containsKey(node)) good.add(Tuple.of(node, replies.get(node)));
            else bad.add(node);
        }
        return Tuple.of(List.copyOf(good), List.copyOf(bad));
    }

    static void stop(Object server, Object reason, Duration timeout) {
        Ref ref;
        if (Names.remote(server) instanceof Names.Remote(Atom name, Atom node)) {
            ref = Kernel.monitor(name, node);   // a name nobody holds there: the DOWN says :noproc
            Kernel.send(name, node, new SysStop(reason));
        } else {
            Pid pid = Names.whereis(server);
            boolean local = pid != null && NodeNames.isLocal(pid.node());   // a remote one answers through the monitor
            if (pid == null || local && !Kernel.alive(pid)) throw Exits.failed(Atom.NOPROC, "GenServer", "stop", server, reason, Exits.timeoutTerm(timeout));
            if (pid.equals(Kernel.self())) throw Exits.failed(CALLING_SELF, "GenServer", "stop", server, reason, Exits.timeoutTerm(timeout));
            ref = Kernel.monitor(pid);
            Kernel.send(pid, new SysStop(reason));
        }
        Down d = (Down) Kernel.receive(ref, Kernel.downOf(ref), timeout, () -> null);
        if (d == null) {
            Kernel.demonitor(ref, Kernel.FLUSH);
            throw Exits.failed(Atom.TIMEOUT, "GenServer", "stop", server, reason, Exits.timeoutTerm(timeout));
        }
        if (d.reason().equals(reason)) return;
        Object why = Atom.NOCONNECTION.equals(d.reason())   // as OTP 25's proc_lib:stop, whose sys:terminate call fails first
                ? Tuple.of(Exits.callReason(d), Tuple.of(Atom.of("sys"), Atom.of("terminate"), List.of(server, reason, Exits.timeoutTerm(timeout))))
                : d.reason();
        throw Exits.failed(why, "GenServer", "stop", server, reason, Exits.timeoutTerm(timeout));
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
