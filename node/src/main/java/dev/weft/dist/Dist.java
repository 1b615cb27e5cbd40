package dev.weft.dist;

import com.google.protobuf.ByteString;
import dev.weft.process.Inbound;
import dev.weft.process.RemoteSignals;
import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import dev.weft.wire.DownSignal;
import dev.weft.wire.ExitSignal;
import dev.weft.wire.MonitorSignal;
import dev.weft.wire.Peers;
import dev.weft.wire.PidPair;
import dev.weft.wire.Send;
import dev.weft.wire.SendNamed;
import dev.weft.wire.Signal;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.weft.dist.TermCodec.pid;
import static dev.weft.dist.TermCodec.ref;

/**
 * A running node: its connections by peer name, the ports of the nodes it knows (for connecting on
 * first use and for the mesh), node monitors, ticks, and the {@link RemoteSignals} the process runtime
 * hands signals for other nodes to.
 */
final class Dist implements RemoteSignals {
    private static final System.Logger LOG = System.getLogger("dev.weft.dist");
    static final java.time.Duration CONNECT_TIMEOUT = java.time.Duration.ofSeconds(7);

    final NodeConfig config;
    final Atom self;
    final int creation;
    final TermCodec codec;
    final Spawner spawner;
    private final Wire wire;
    private final ConcurrentHashMap<Atom, Connection> connections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Atom, CompletableFuture<Connection>> dialing = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Atom, Integer> ports = new ConcurrentHashMap<>();
    /** Node monitors and subscribers, each once per call that turned it on (as the BEAM counts them). */
    private final ConcurrentHashMap<Atom, Queue<Pid>> nodeWatchers = new ConcurrentHashMap<>();
    private final Queue<Pid> allNodesWatchers = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "weft-dist-ticker");
        t.setDaemon(true);
        return t;
    });

    Dist(NodeConfig config, int creation) throws IOException {
        checkListenAddress(config);
        this.config = config;
        this.self = config.name();
        this.creation = creation;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        this.codec = new TermCodec(config.recordPrefixes(), config.lambdaPrefixes(), loader);
        this.spawner = new Spawner(new Exports(config.exports(), loader), codec.lambdas, codec,
                config.fileRoot());
        this.wire = new Wire(this);
        long quarter = Math.max(25, config.tick().toMillis() / 4);
        ticker.scheduleWithFixedDelay(this::tick, quarter, quarter, TimeUnit.MILLISECONDS);
    }

    /**
     * A node listens beyond loopback only with TLS, or in plaintext when its config opts in (then with
     * a warning in the log): open distribution ports are found and taken over.
     */
    static void checkListenAddress(NodeConfig config) throws IOException {
        if (config.tls() != null || InetAddress.getByName(config.host()).isLoopbackAddress()) return;
        String node = config.name().name();
        if (!config.insecurePlaintext()) {
            throw new IllegalArgumentException("node " + node + " would listen on " + config.host() + ", which is not a loopback address, without TLS."
                    + " Give it TLS (NodeConfig.withTls; weft node --tls-keystore FILE --tls-truststore FILE --tls-password-file FILE),"
                    + " or, on a network you trust, opt in to plaintext (NodeConfig.withInsecurePlaintext; weft node --insecure-plaintext)");
        }
        LOG.log(System.Logger.Level.WARNING, "node " + node + " listens on " + config.host() + " in plaintext (insecure plaintext opted in):"
                + " anyone on the network can read its traffic, and anyone who learns the cookie can run code on it");
    }

    int port() {
        return wire.port();
    }

    /** The node's network loop ({@link Wire#network}). */
    NetworkLoop network() {
        return wire.network();
    }

    void stop() {
        for (Connection c : connections.values()) c.down("node stopping");
        wire.stop();
        ticker.shutdownNow();
    }

    // ---------------------------------------------------------------- connections

    List<Atom> nodes() {
        List<Atom> out = new ArrayList<>();
        connections.forEach((n, c) -> { if (!c.isDown()) out.add(n); });
        return out;
    }

    /** The live connection to {@code node}, connecting first when its port is known; null if there is none. */
    Connection connection(Atom node) {
        Connection c = connections.get(node);
        if (c != null && !c.isDown()) return c;
        Integer port = ports.get(node);
        if (port == null || node.equals(self) || onNetworkThread()) return null;
        try {
            return connect(node, port);
        } catch (IOException e) {
            return null;
        }
    }

    /** Connects to {@code node} at its host and {@code port} (waits for the handshake), or says why not. */
    Connection connect(Atom node, int port) throws IOException {
        if (node.equals(self)) throw new IllegalArgumentException("node " + self.name() + " cannot connect to itself");
        Connection c = connections.get(node);
        if (c != null && !c.isDown()) return c;
        ports.put(node, port);
        CompletableFuture<Connection> f = dialing.computeIfAbsent(node, n -> {
            CompletableFuture<Connection> cf = new CompletableFuture<>();
            Thread.ofVirtual().name("weft-dial-" + n.name()).start(() -> wire.dial(n, port, cf));
            return cf;
        });
        try {
            return f.get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("cannot connect " + self.name() + " to " + node.name() + " on port " + port + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            f.completeExceptionally(e);
            throw new IOException("connecting " + self.name() + " to " + node.name() + " on port " + port + " took longer than " + CONNECT_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + node.name());
        } finally {
            dialing.remove(node, f);
        }
    }

    boolean isDialing(Atom node) {
        return dialing.containsKey(node);
    }

    Connection existing(Atom node) {
        Connection c = connections.get(node);
        return c == null || c.isDown() ? null : c;
    }

    /** A connection finished its handshake (either side dialed). */
    void register(Connection c) {
        ports.put(c.node, c.port);
        Connection old = connections.put(c.node, c);
        if (old != null) old.down("replaced by a new connection from " + c.node.name());
        CompletableFuture<Connection> f = dialing.get(c.node);
        if (f != null) f.complete(c);
        LOG.log(System.Logger.Level.INFO, "connected to " + c.node.name());
        for (Pid p : allNodesWatchers) Inbound.send(p, Tuple.of(Atom.of("nodeup"), c.node));
        c.writer.enqueue(peersSignal(c.node));
    }

    /** A connection went down: node monitors hear {@code nodedown}. */
    void removed(Connection c) {
        if (!connections.remove(c.node, c)) return;
        Tuple down = Tuple.of(Atom.of("nodedown"), c.node);
        Queue<Pid> watchers = nodeWatchers.remove(c.node);
        if (watchers != null) for (Pid p : watchers) Inbound.send(p, down);
        for (Pid p : allNodesWatchers) Inbound.send(p, down);
    }

    boolean disconnect(Atom node) {
        Connection c = connections.get(node);
        if (c == null) return false;
        c.down("disconnected by " + self.name());
        return true;
    }

    private Signal peersSignal(Atom except) {
        Peers.Builder b = Peers.newBuilder();
        connections.forEach((n, c) -> {
            if (!n.equals(except) && !c.isDown()) b.addNames(n.name()).addPorts(c.port);
        });
        return Signal.newBuilder().setPeers(b).build();
    }

    /** The mesh: connect to the nodes a peer knows and this node does not. */
    void meet(Peers peers) {
        for (int i = 0; i < peers.getNamesCount(); i++) {
            Atom n = Atom.of(peers.getNames(i));
            int port = peers.getPorts(i);
            if (n.equals(self) || existing(n) != null || isDialing(n)) continue;
            Thread.ofVirtual().start(() -> {
                try {
                    connect(n, port);
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "mesh: could not connect to " + n.name() + ": " + e.getMessage());
                }
            });
        }
    }

    private void tick() {
        long now = System.nanoTime();
        long tick = config.tick().toNanos();
        for (Connection c : connections.values()) {
            if (now - c.lastRead > tick) {
                c.down("no word from " + c.node.name() + " for " + config.tick().toMillis() + " ms");
            } else if (now - c.writer.lastWrite >= tick / 4) {
                c.writer.enqueue(Signal.newBuilder().setTick(true).build());
            }
        }
    }

    // ---------------------------------------------------------------- node monitors

    /**
     * {@code watcher} gets {@code {:nodedown, node}} when the connection to {@code node} goes (at once
     * if there is none), once for each time it turned the monitor on; {@code on == false} takes back one
     * of them. This node itself never goes down.
     */
    void monitorNode(Pid watcher, Atom node, boolean on) {
        if (!on) {
            Queue<Pid> q = nodeWatchers.get(node);
            if (q != null) q.remove(watcher);
            return;
        }
        if (node.equals(self)) return;
        if (connection(node) == null) {
            Inbound.send(watcher, Tuple.of(Atom.of("nodedown"), node));
            return;
        }
        nodeWatchers.computeIfAbsent(node, n -> new ConcurrentLinkedQueue<>()).add(watcher);
        if (existing(node) == null && nodeWatchers.get(node).remove(watcher)) Inbound.send(watcher, Tuple.of(Atom.of("nodedown"), node));
    }

    /** {@code watcher} gets every {@code nodeup} and {@code nodedown}, once for each time it subscribed; {@code false} takes one back. */
    void monitorNodes(Pid watcher, boolean on) {
        if (on) allNodesWatchers.add(watcher);
        else allNodesWatchers.remove(watcher);
    }

    // ---------------------------------------------------------------- RemoteSignals

    /** Whether the caller is polling the network (where nothing may wait). */
    boolean onNetworkThread() {
        return wire.onNetworkThread();
    }

    /** Sends a message, parking the caller while the connection's buffer is full (never the network loop). */
    @Override
    public void send(Pid to, Object msg) {
        sendMessage(to.node(), message(to, msg));
    }

    private static Signal.Builder message(Pid to, Object msg) {
        return Signal.newBuilder().setSend(Send.newBuilder().setTo(pid(to)).setMessage(TermCodec.encode(msg)));
    }

    @Override
    public void sendAlias(Ref alias, Object msg) {
        sendMessage(alias.node(), Signal.newBuilder().setSend(Send.newBuilder().setToAlias(ref(alias)).setMessage(TermCodec.encode(msg))));
    }

    /**
     * Queues {@code s} for {@code node} (connecting if need be), parking the caller while the buffer is
     * full; false, sending nothing, if there is no connection to it.
     */
    private boolean sendMessage(Atom node, Signal.Builder s) {
        Connection c = connection(node);
        if (c == null) return false;
        if (!onNetworkThread()) c.writer.awaitRoom();
        c.writer.enqueue(s.build());
        return true;
    }

    @Override
    public boolean report(Pid pid, Atom node, String details) {
        return sendMessage(node, named(RemoteLogger.NAME, RemoteLogger.errorReport(pid, details)));
    }

    /** Like {@link #send} but never parks: false, sending nothing, when the buffer is full or there is no connection. */
    boolean sendNoSuspend(Pid to, Object msg) {
        Connection c = connection(to.node());
        if (c == null || !c.writer.hasRoom()) return false;
        c.writer.enqueue(message(to, msg).build());
        return true;
    }

    @Override
    public void sendNamed(Atom name, Atom node, Object msg) {
        sendMessage(node, named(name, msg));
    }

    private static Signal.Builder named(Atom name, Object msg) {
        return Signal.newBuilder().setSendNamed(SendNamed.newBuilder().setName(name.name()).setMessage(TermCodec.encode(msg)));
    }

    @Override
    public void link(Pid from, Pid to) {
        Connection c = connection(to.node());
        if (c == null) {
            Inbound.exit(to, from, Atom.NOCONNECTION, true);
            return;
        }
        c.trackLink(from, to);
        c.writer.enqueue(Signal.newBuilder().setLink(pair(from, to)).build());
    }

    @Override
    public void unlink(Pid from, Pid to) {
        Connection c = existing(to.node());
        if (c == null) return;
        c.untrackLink(from, to);
        c.writer.enqueue(Signal.newBuilder().setUnlink(pair(from, to)).build());
    }

    @Override
    public void exit(Pid from, Pid to, Object reason, boolean linked) {
        Connection c = linked ? existing(to.node()) : connection(to.node());
        if (c == null) return;
        if (linked) c.untrackLink(from, to);
        c.writer.enqueue(Signal.newBuilder().setExit(ExitSignal.newBuilder().setFrom(pid(from)).setTo(pid(to))
                .setReason(reason(reason)).setLinked(linked)).build());
    }

    @Override
    public void monitor(Pid from, Pid to, Ref ref) {
        Connection c = connection(to.node());
        if (c == null) {
            Inbound.down(to, from, ref, Atom.NOCONNECTION);
            return;
        }
        c.trackWatch(ref, from, to);
        c.writer.enqueue(Signal.newBuilder().setMonitor(monitorSignal(from, to, ref)).build());
    }

    @Override
    public void monitorName(Pid from, Atom name, Atom node, Ref ref) {
        Pid nobody = new Pid(node, 0, 0);
        Connection c = connection(node);
        if (c == null) {
            Inbound.down(nobody, from, ref, Atom.NOCONNECTION);
            return;
        }
        c.trackWatch(ref, from, nobody);
        c.writer.enqueue(Signal.newBuilder().setMonitor(monitorSignal(from, nobody, ref).toBuilder().setToName(name.name())).build());
    }

    @Override
    public void demonitor(Pid from, Pid to, Ref ref) {
        Connection c = existing(to.node());
        if (c == null) return;
        c.untrackWatch(ref);
        c.writer.enqueue(Signal.newBuilder().setDemonitor(monitorSignal(from, to, ref)).build());
    }

    @Override
    public void down(Pid from, Pid to, Ref ref, Object reason) {
        Connection c = existing(to.node());
        if (c == null) return;
        c.forgetNamed(ref);
        c.writer.enqueue(Signal.newBuilder().setDown(DownSignal.newBuilder().setFrom(pid(from)).setTo(pid(to))
                .setRef(ref(ref)).setReason(reason(reason))).build());
    }

    @Override
    public void groupLeader(Pid leader, Pid pid) {
        Connection c = connection(pid.node());
        if (c == null) return;
        c.writer.enqueue(Signal.newBuilder().setGroupLeader(pair(leader, pid)).build());
    }

    private static PidPair pair(Pid from, Pid to) {
        return PidPair.newBuilder().setFrom(pid(from)).setTo(pid(to)).build();
    }

    private static MonitorSignal monitorSignal(Pid from, Pid to, Ref ref) {
        return MonitorSignal.newBuilder().setFrom(pid(from)).setTo(pid(to)).setRef(ref(ref)).build();
    }

    /** An exit reason always travels: one that is not a term goes as its inspected text. */
    private static ByteString reason(Object reason) {
        try {
            return TermCodec.encode(reason);
        } catch (IllegalArgumentException e) {
            return TermCodec.encode(Inspect.inspect(reason));
        }
    }
}
