package dev.weft.dist;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import dev.weft.process.Inbound;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import dev.weft.wire.Frame;
import dev.weft.wire.InFrame;
import dev.weft.wire.Signal;
import dev.weft.wire.SpawnReply;
import io.grpc.stub.CallStreamObserver;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.weft.dist.TermCodec.pid;
import static dev.weft.dist.TermCodec.ref;

/**
 * An established connection to one node: the outbound {@link FrameWriter}, the inbound side that
 * delivers signals to local processes, and the links, monitors and spawns that cross it, so that when
 * it goes down each of them hears {@code noconnection}.
 *
 * <p>Inbound frames are handled on the node's network loop, in order; tracking tables are concurrent.
 */
final class Connection {
    private static final System.Logger LOG = System.getLogger("dev.weft.dist");

    record LinkKey(Pid local, Pid remote) {}

    record Watch(Pid watcher, Pid target) {}

    /** A spawn request waiting for its reply; an {@code async} one is answered with a {@code :spawn_reply} tuple. */
    record PendingSpawn(Pid caller, boolean link, boolean async) {
        Object result(Ref ref, Pid pid, Object error) {
            if (!async) return new SpawnResult(ref, pid, error);
            return pid != null ? Tuple.of(SPAWN_REPLY, ref, Atom.OK, pid) : Tuple.of(SPAWN_REPLY, ref, Atom.ERROR, error);
        }
    }

    static final Atom SPAWN_REPLY = Atom.of("spawn_reply");

    final Atom node;
    final int creation;
    final int port;
    final FrameWriter writer;
    private final Dist dist;
    private final Runnable closeTransport;
    private final AtomicBoolean down = new AtomicBoolean();
    volatile long lastRead = System.nanoTime();
    private ByteString partial = ByteString.EMPTY;
    private final Set<LinkKey> links = ConcurrentHashMap.newKeySet();
    private final Map<Ref, Watch> watches = new ConcurrentHashMap<>();
    private final Map<Ref, PendingSpawn> spawns = new ConcurrentHashMap<>();
    /** Monitors the peer made by name ({@code monitor({name, node})}): the local process each name stood for, by ref. */
    private final Map<Ref, Pid> named = new ConcurrentHashMap<>();

    Connection(Dist dist, Atom node, int creation, int port, CallStreamObserver<Frame> out, Runnable closeTransport) {
        this.dist = dist;
        this.node = node;
        this.creation = creation;
        this.port = port;
        this.writer = new FrameWriter(out, dist.network(), dist.network()::help);
        this.closeTransport = closeTransport;
    }

    boolean isDown() {
        return down.get();
    }

    // ---------------------------------------------------------------- tracking

    void trackLink(Pid local, Pid remote) {
        LinkKey k = new LinkKey(local, remote);
        links.add(k);
        if (down.get() && links.remove(k)) Inbound.exit(remote, local, Atom.NOCONNECTION, true);
    }

    void untrackLink(Pid local, Pid remote) {
        links.remove(new LinkKey(local, remote));
    }

    void trackWatch(Ref ref, Pid watcher, Pid target) {
        watches.put(ref, new Watch(watcher, target));
        if (down.get() && watches.remove(ref) != null) Inbound.down(target, watcher, ref, Atom.NOCONNECTION);
    }

    /** The pid a remote spawn_monitor watches is known now; unless its DOWN came first. */
    void retargetWatch(Ref ref, Pid target) {
        watches.computeIfPresent(ref, (r, w) -> new Watch(w.watcher(), target));
    }

    void untrackWatch(Ref ref) {
        watches.remove(ref);
    }

    /** A monitor of whoever is registered as {@code name} here: {@code :noproc} at once if nobody is. */
    private void monitorNamed(Pid watcher, Atom name, Pid nobody, Ref ref) {
        Pid target = Kernel.whereis(name);
        if (target == null) {
            dist.down(nobody, watcher, ref, Atom.NOPROC);
            return;
        }
        named.put(ref, target);
        Inbound.monitor(watcher, target, ref);
    }

    /** A DOWN for {@code ref} went out: a later demonitor of it has nothing to reach. */
    void forgetNamed(Ref ref) {
        named.remove(ref);
    }

    void trackSpawn(Ref ref, PendingSpawn p) {
        spawns.put(ref, p);
        if (down.get() && spawns.remove(ref) != null) Inbound.send(p.caller(), p.result(ref, null, Atom.NOCONNECTION));
    }

    // ---------------------------------------------------------------- inbound

    /** Network loop: a frame from the peer, after the handshake. */
    void onFrame(InFrame f) {
        lastRead = System.nanoTime();
        if (!f.hasBatch()) {
            down("the peer sent a " + f.getKindCase() + " frame after the handshake");
            return;
        }
        CodedInputStream in = f.getBatch().newCodedInput();
        in.enableAliasing(true);
        writer.batched(() -> {
            try {
                for (int tag; (tag = in.readTag()) != 0; ) {
                    if (tag == FrameMarshaller.SIGNAL) onSignal(in.readBytes());
                    else in.skipField(tag);
                }
            } catch (IOException e) {
                down("the peer sent a malformed frame: " + e.getMessage());
            }
        });
    }

    /** One signal: a send read in one pass, anything else through protobuf's {@link Signal}. */
    private void onSignal(ByteString bytes) {
        String kind = "malformed";
        try {
            if (FrameMarshaller.isSend(bytes)) {
                kind = "SEND";
                FrameMarshaller.Send send = FrameMarshaller.readSend(bytes, dist.codec);
                if (send != null) {
                    if (send.alias() != null) Inbound.sendAlias(send.alias(), send.message());
                    else Inbound.send(send.to(), send.message());
                    return;
                }
            }
            Signal s = Signal.parseFrom(bytes);
            kind = s.getKindCase().toString();
            onSignal(s);
        } catch (IOException | RuntimeException e) {   // a malformed signal: dropped, the connection goes on
            LOG.log(System.Logger.Level.WARNING, "dropped a " + kind + " signal from " + node.name() + ": "
                    + (e instanceof IllegalArgumentException ? e.getMessage() : e.toString()));
        }
    }

    private void onSignal(Signal s) {
        TermCodec codec = dist.codec;
        switch (s.getKindCase()) {
            case SEND -> {
                var m = s.getSend();
                if (m.hasToAlias()) Inbound.sendAlias(ref(m.getToAlias()), codec.decode(m.getMessage()));
                else Inbound.send(pid(m.getTo()), codec.decode(m.getMessage()));
            }
            case SEND_NAMED -> Inbound.sendNamed(Atom.of(s.getSendNamed().getName()), codec.decode(s.getSendNamed().getMessage()));
            case LINK -> {
                Pid from = pid(s.getLink().getFrom()), to = pid(s.getLink().getTo());
                trackLink(to, from);
                Inbound.link(from, to);
            }
            case UNLINK -> {
                Pid from = pid(s.getUnlink().getFrom()), to = pid(s.getUnlink().getTo());
                untrackLink(to, from);
                Inbound.unlink(from, to);
            }
            case EXIT -> {
                var e = s.getExit();
                Pid from = pid(e.getFrom()), to = pid(e.getTo());
                if (e.getLinked()) untrackLink(to, from);
                Inbound.exit(from, to, codec.decode(e.getReason()), e.getLinked());
            }
            case MONITOR -> {
                var m = s.getMonitor();
                if (m.getToName().isEmpty()) Inbound.monitor(pid(m.getFrom()), pid(m.getTo()), ref(m.getRef()));
                else monitorNamed(pid(m.getFrom()), Atom.of(m.getToName()), pid(m.getTo()), ref(m.getRef()));
            }
            case DEMONITOR -> {
                var m = s.getDemonitor();
                Pid real = named.remove(ref(m.getRef()));
                Inbound.demonitor(pid(m.getFrom()), real != null ? real : pid(m.getTo()), ref(m.getRef()));
            }
            case DOWN -> {
                var d = s.getDown();
                Ref ref = ref(d.getRef());
                untrackWatch(ref);
                Inbound.down(pid(d.getFrom()), pid(d.getTo()), ref, codec.decode(d.getReason()));
            }
            case SPAWN_REQUEST -> dist.spawner.spawn(this, s.getSpawnRequest());
            case SPAWN_REPLY -> onSpawnReply(s.getSpawnReply());
            case GROUP_LEADER -> Inbound.groupLeader(pid(s.getGroupLeader().getFrom()), pid(s.getGroupLeader().getTo()));
            case FRAGMENT -> {
                partial = partial.concat(s.getFragment().getChunk());
                if (s.getFragment().getLast()) {
                    ByteString whole = partial;
                    partial = ByteString.EMPTY;
                    onSignal(whole);
                }
            }
            case PEERS -> dist.meet(s.getPeers());
            case TICK, KIND_NOT_SET -> { }
        }
    }

    private void onSpawnReply(SpawnReply r) {
        Ref ref = ref(r.getRef());
        PendingSpawn p = spawns.remove(ref);
        if (p == null) {   // an rpc call, which only a refusal answers (Node.call)
            if (!r.hasPid()) Inbound.send(pid(r.getTo()), new SpawnResult(ref, null, r.getError()));
            return;
        }
        if (r.hasPid()) {
            Pid pid = pid(r.getPid());
            if (p.link()) {
                trackLink(p.caller(), pid);
                Inbound.link(pid, p.caller());
            }
            Inbound.send(p.caller(), p.result(ref, pid, null));
        } else {
            Inbound.send(p.caller(), p.result(ref, null, r.getError()));
        }
    }

    // ---------------------------------------------------------------- down

    /**
     * Closes the connection once: every link across it fires {@code noconnection}, every monitor gets
     * {@code DOWN ... noconnection}, pending spawns fail, node monitors get {@code nodedown}.
     */
    void down(String why) {
        if (!down.compareAndSet(false, true)) return;
        LOG.log(System.Logger.Level.INFO, "connection to " + node.name() + " down: " + why);
        writer.close();
        try {
            closeTransport.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the stream to " + node.name(), e);
        }
        dist.removed(this);
        for (LinkKey k : links) if (links.remove(k)) Inbound.exit(k.remote(), k.local(), Atom.NOCONNECTION, true);
        watches.forEach((ref, w) -> {
            if (watches.remove(ref) != null) Inbound.down(w.target(), w.watcher(), ref, Atom.NOCONNECTION);
        });
        spawns.forEach((ref, p) -> {
            if (spawns.remove(ref) != null) Inbound.send(p.caller(), p.result(ref, null, Atom.NOCONNECTION));
        });
    }
}
