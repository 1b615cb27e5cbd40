package dev.weft.dist;

import dev.weft.io.FileError;
import dev.weft.io.FileIO;
import dev.weft.io.IO;
import dev.weft.process.Down;
import dev.weft.process.ExitException;
import dev.weft.process.Inbound;
import dev.weft.process.Kernel;
import dev.weft.process.Spawned;
import dev.weft.term.Atom;
import dev.weft.term.NodeNames;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import dev.weft.wire.Exported;
import dev.weft.wire.Signal;
import dev.weft.wire.SpawnRequest;
import java.io.IOException;
import java.io.Serializable;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * This node in a cluster, as Elixir's {@code Node} module has it: start distribution, connect,
 * list and monitor nodes, and spawn processes on other nodes. Pids of other nodes work with every
 * {@link Kernel} function ({@code send}, {@code link}, {@code monitor}, {@code exit}, ...), with the
 * same reasons as locally; when a connection drops, links to its processes fire {@code :noconnection},
 * monitors get {@code DOWN ... :noconnection}, node monitors get {@code {:nodedown, node}}.
 *
 * <pre>{@code
 * Node.start(NodeConfig.of("a@127.0.0.1", 4370, cookie));
 * Atom b = Atom.of("b@127.0.0.1");
 * Node.connect(b, 4371);
 * Pid pid = Node.spawn(b, "echo", List.of(Kernel.self()));     // a function b exports
 * Pid other = Node.spawn(b, () -> System.out.println("hi"));   // a lambda b allows
 * Kernel.send(Atom.of("logger"), b, "to a registered name on b");
 * }</pre>
 *
 * <p>A node listens on the host of its name (127.0.0.1 in examples) and accepts only peers that prove
 * they know its cookie; on a host that is not loopback it listens only with mutual TLS
 * ({@link NodeConfig#withTls}) or an explicit {@link NodeConfig#withInsecurePlaintext}. Remote spawn
 * is deny-by-default: exported names, and lambdas of classes the node allows
 * ({@link NodeConfig#withLambdasFrom}). Spawning on {@link #self()} is a local spawn (a
 * lambda needs no allowing; a name must be one this node exports), as {@code spawn(node(), fun)} on
 * the BEAM, and {@link #openFile} there is {@code FileIO.open}. A spawn on a node that cannot be
 * reached returns a pid that never existed, and the link or monitor of {@code spawnLink}/
 * {@code spawnMonitor} fires {@code :noconnection}, as on the BEAM. Where Weft differs from the BEAM: a node's port
 * is given (there is no epmd); a node learns other nodes' ports from {@link #connect(Atom, int)} and
 * from the mesh, and connects to them on first use.
 */
public final class Node {
    private static volatile Dist dist;

    private Node() {}

    /** A lambda to run on another node: serializable, so the compiler records what it calls. */
    @FunctionalInterface
    public interface Fn extends Runnable, Serializable {}

    /**
     * Makes this JVM the node {@code config} names, listening on its port; returns the port. It may run
     * at any time: processes that exist already keep their pids (whose {@code node()} is
     * {@code nonode@nohost}), and those pids work from other nodes as any other of this node's.
     */
    public static synchronized int start(NodeConfig config) throws IOException {
        if (dist != null) throw new IllegalStateException("this JVM is already node " + dist.self.name() + "; cannot also start " + config.name());
        int creation = new SecureRandom().nextInt(1, Integer.MAX_VALUE);
        NodeNames.setLocal(config.name());
        Dist d;
        try {
            d = new Dist(config, creation);
            Inbound.install(d, creation);
        } catch (IOException | RuntimeException e) {
            NodeNames.setLocal(NodeNames.NONODE);
            throw e;
        }
        dist = d;
        // The node's standard io, as the BEAM's user: processes without a group leader of their own take
        // it from now on, so that one they spawn on another node prints here (and its crash is reported here).
        IO.standardIo();
        Global.start();
        Pg.start();
        RemoteLogger.start();
        return d.port();
    }

    /** Closes every connection and the listener (each peer sees this node go down). */
    public static synchronized void stop() {
        if (dist != null) dist.stop();
    }

    /** This node's name ({@code Node.self/0}); {@code :"nonode@nohost"} when not distributed. */
    public static Atom self() {
        return NodeNames.local();
    }

    /** Whether distribution is started ({@code Node.alive?/0}). */
    public static boolean alive() {
        return dist != null;
    }

    /** The nodes this node is connected to ({@code Node.list/0}). */
    public static List<Atom> list() {
        Dist d = dist;
        return d == null ? List.of() : d.nodes();
    }

    /**
     * The nodes in any of {@code states} ({@code Node.list/1}), this node first: {@code :this} (this
     * node), {@code :visible} and {@code :connected} (the nodes connected to), {@code :known} (this node
     * and the nodes connected to), {@code :hidden} (none: Weft has no hidden nodes). Throws for any other atom.
     *
     * <pre>{@code
     * List<Atom> all = Node.list(Atom.of("this"), Atom.of("visible"));   // [node(), the others...]
     * }</pre>
     */
    public static List<Atom> list(Atom... states) {
        boolean self = false, others = false;
        for (Atom s : states) {
            switch (s.name()) {
                case "this" -> self = true;
                case "visible", "connected" -> others = true;
                case "known" -> self = others = true;
                case "hidden" -> { }
                default -> throw new IllegalArgumentException("Node.list: unknown state " + s + " (:this, :visible, :hidden, :connected or :known)");
            }
        }
        List<Atom> nodes = new ArrayList<>();
        if (self) nodes.add(self());
        if (others) nodes.addAll(list());
        return List.copyOf(nodes);
    }

    /** Connects to {@code node}, listening on {@code port} at its host; true once connected, false if it cannot be reached. */
    public static boolean connect(Atom node, int port) {
        try {
            required().connect(node, port);
            return true;
        } catch (IOException e) {
            System.getLogger("dev.weft.dist").log(System.Logger.Level.WARNING, e.getMessage());
            return false;
        }
    }

    /** Connects to a node whose port this node has learned; false if it does not know it or cannot reach it. */
    public static boolean connect(Atom node) {
        return node.equals(self()) || required().connection(node) != null;
    }

    /**
     * {@code :pong} if {@code node} is reachable (connecting to it, as {@link #connect(Atom)} does, if
     * need be), else {@code :pang}, as is any ping from a node that is not distributed ({@code Node.ping/1}).
     *
     * <pre>{@code
     * Atom answer = Node.ping(Atom.of("b@127.0.0.1"));   // :pong
     * }</pre>
     */
    public static Atom ping(Atom node) {
        return alive() && connect(node) ? PONG : PANG;
    }

    private static final Atom PONG = Atom.of("pong");
    private static final Atom PANG = Atom.of("pang");

    /** Drops the connection to {@code node} ({@code Node.disconnect/1}); false if there was none. */
    public static boolean disconnect(Atom node) {
        return required().disconnect(node);
    }

    /**
     * Monitors {@code node} ({@code Node.monitor/2}): the caller gets {@code {:nodedown, node}} when the
     * connection goes, at once if it cannot connect; never for this node itself. Monitors add up, as
     * the BEAM's do: turned on twice, it gives two {@code nodedown}s; {@code false} turns one off.
     */
    public static boolean monitor(Atom node, boolean on) {
        required().monitorNode(Kernel.self(), node, on);
        return true;
    }

    /**
     * The caller gets {@code {:nodeup, node}} and {@code {:nodedown, node}} for every node
     * ({@code :net_kernel.monitor_nodes/1}), once for each time it subscribed; {@code false} takes one back.
     */
    public static boolean monitorNodes(boolean on) {
        required().monitorNodes(Kernel.self(), on);
        return true;
    }

    /**
     * Sends like {@link Kernel#send(Pid, Object)} but never waits for a busy connection: returns false,
     * sending nothing, when the connection's outbound buffer is full or there is no connection
     * ({@code erlang:send(Pid, Msg, [nosuspend])}). Local pids always succeed.
     */
    public static boolean sendNoSuspend(Pid to, Object msg) {
        Dist d = dist;
        if (d == null || NodeNames.isLocal(to.node())) {
            Kernel.send(to, msg);
            return true;
        }
        return d.sendNoSuspend(to, msg);
    }

    // ---------------------------------------------------------------- remote spawn

    /** Runs the function {@code node} exports as {@code name} with {@code args} in a new process there. */
    public static Pid spawn(Atom node, String name, List<?> args) {
        return here(node) ? Kernel.spawn(exportedHere(name, args)::get) : spawnThere(node, exported(name, args), false, false).pid();
    }

    /** Runs {@code fn} in a new process on {@code node}, which must allow lambdas of its class. */
    public static Pid spawn(Atom node, Fn fn) {
        return here(node) ? Kernel.spawn(fn) : spawnThere(node, lambda(fn), false, false).pid();
    }

    /** {@link #spawn(Atom, String, List)} and link the new process to the caller, atomically. */
    public static Pid spawnLink(Atom node, String name, List<?> args) {
        return here(node) ? Kernel.spawnLink(exportedHere(name, args)::get) : spawnThere(node, exported(name, args), true, false).pid();
    }

    public static Pid spawnLink(Atom node, Fn fn) {
        return here(node) ? Kernel.spawnLink(fn) : spawnThere(node, lambda(fn), true, false).pid();
    }

    /** {@link #spawn(Atom, String, List)} and monitor the new process, atomically. */
    public static Spawned spawnMonitor(Atom node, String name, List<?> args) {
        return here(node) ? Kernel.spawnMonitor(exportedHere(name, args)::get) : spawnThere(node, exported(name, args), false, true);
    }

    public static Spawned spawnMonitor(Atom node, Fn fn) {
        return here(node) ? Kernel.spawnMonitor(fn) : spawnThere(node, lambda(fn), false, true);
    }

    /**
     * Asks {@code node} to spawn its exported function {@code name} and returns at once
     * ({@code spawn_request/5}): the reply arrives later as a message {@code {:spawn_reply, ref, :ok, pid}}
     * or {@code {:spawn_reply, ref, :error, reason}}, so many spawns can be in flight at once.
     */
    public static Ref spawnRequest(Atom node, String name, List<?> args) {
        Dist d = dist;
        Connection.PendingSpawn pending = new Connection.PendingSpawn(Kernel.self(), false, true);
        if (here(node)) {
            Ref ref = Kernel.makeRef();
            Kernel.send(Kernel.self(), pending.result(ref, Kernel.spawn(exportedHere(name, args)::get), null));
            return ref;
        }
        Connection c = d == null ? null : d.connection(node);   // not distributed: as for a node that cannot be reached
        SpawnRequest.Builder request = exported(name, args);
        Ref ref = addressed(request);
        if (c == null) {
            Kernel.send(Kernel.self(), pending.result(ref, null, Atom.NOCONNECTION));
            return ref;
        }
        c.trackSpawn(ref, pending);
        c.writer.enqueue(Signal.newBuilder().setSpawnRequest(request).build());
        return ref;
    }

    /**
     * Opens {@code path} on {@code node}, under the file root that node allows ({@code weft node
     * --file-root DIR}), and returns the pid of its io server there; use it with {@code IO} and
     * {@code FileIO} as a local one. Modes are {@code FileIO}'s. The file belongs to the caller: when
     * it exits, or this node goes away, the file is flushed and closed.
     *
     * <pre>{@code
     * Pid f = Node.openFile(b, "notes.txt", FileIO.WRITE, FileIO.UTF8);
     * IO.write(f, "written on b\n");
     * FileIO.close(f);
     * }</pre>
     *
     * @throws FileError with the remote reason ({@code :enoent}, ...; {@code :eacces} for a path outside
     *                   the root); {@code ExitException({:spawn_refused, node, why})} when the node has no root
     */
    public static Pid openFile(Atom node, String path, Atom... modes) {
        if (here(node)) return FileIO.open(path, modes);
        Ref reply = Kernel.makeRef();
        Spawned owner = remoteSpawn(node, exported(RemoteFiles.EXPORT, List.of(reply, path, List.of(modes))), true, true);
        Object r = Kernel.receive(reply, m -> switch (m) {
            case RpcReply x when x.ref().equals(reply) -> x.value();
            case Down d when d.ref().equals(owner.ref()) -> d;
            default -> Kernel.NO_MATCH;
        }, null, null);
        Kernel.demonitor(owner.ref(), Kernel.FLUSH);
        return switch (r) {
            case Tuple t when t.is(Atom.OK, 2) -> (Pid) t.get(1);
            case Tuple t when t.is(Atom.ERROR, 2) -> throw new FileError(t.get(1), "open", path + " on " + node.name());
            case Down d -> throw new ExitException(d.reason());
            default -> throw new IllegalStateException("unexpected answer to a remote open: " + r);
        };
    }

    /** Whether {@code node} is this one: a "remote" spawn there is a local one, as {@code spawn(node(), fun)} on the BEAM. */
    static boolean here(Atom node) {
        return node.equals(self());
    }

    /** The function this node exports as {@code name}, applied to {@code args}, to run here; refused as a remote spawn would be. */
    static Supplier<Object> exportedHere(String name, List<?> args) {
        try {
            return required().spawner.exported(name, new ArrayList<>(args));
        } catch (IllegalArgumentException e) {
            throw refused(self(), e.getMessage());
        }
    }

    /** {@link #call} on this node itself: {@code fn} runs in a new local process the caller monitors under the returned ref. */
    static Ref callHere(Supplier<?> fn, Duration timeout) {
        Ref ref = Kernel.makeRef();
        Pid me = Kernel.self();
        Inbound.spawn(Spawner.replying(fn, ref, millis(timeout)), me, Kernel.groupLeader(), null, ref, pid -> Inbound.watch(ref, pid));
        return ref;
    }

    static SpawnRequest.Builder exported(String name, List<?> args) {
        Exported.Builder e = Exported.newBuilder().setName(name);
        for (Object a : args) e.addArgs(TermCodec.encode(a));
        return SpawnRequest.newBuilder().setExported(e);
    }

    static SpawnRequest.Builder lambda(Serializable fn) {
        return SpawnRequest.newBuilder().setLambda(LambdaCodec.encode(fn));
    }

    /**
     * {@link #remoteSpawn}, but a node that cannot be reached gives what the BEAM gives (OTP 25's
     * {@code erts_internal:crasher}): the pid of a local process that logs why and exits
     * {@code :noconnection} at once, so the link or monitor asked for fires {@code :noconnection}.
     */
    private static Spawned spawnThere(Atom node, SpawnRequest.Builder request, boolean link, boolean monitor) {
        try {
            return remoteSpawn(node, request, link, monitor);
        } catch (ExitException e) {
            if (!Atom.NOCONNECTION.equals(e.reason())) throw e;
        }
        Runnable crasher = () -> {
            System.getLogger("dev.weft.dist").log(System.Logger.Level.WARNING, "cannot start a process on " + node.name() + ": not reachable");
            throw Kernel.exit(Atom.NOCONNECTION);
        };
        if (monitor) return Kernel.spawnMonitor(crasher);
        return new Spawned(link ? Kernel.spawnLink(crasher) : Kernel.spawn(crasher), null);
    }

    /**
     * Sends the spawn request and waits for the reply. The monitor (and, for rpc, the result) uses the
     * request's ref; a refused spawn throws {@code ExitException({:spawn_refused, node, why})}, an
     * unreachable node {@code ExitException(:noconnection)}.
     */
    static Spawned remoteSpawn(Atom node, SpawnRequest.Builder request, boolean link, boolean monitor) {
        Connection c = connection(node);
        Pid me = Kernel.self();
        Ref ref = addressed(request.setLink(link));
        if (monitor) watch(c, request, ref);
        c.trackSpawn(ref, new Connection.PendingSpawn(me, link, false));
        c.writer.enqueue(Signal.newBuilder().setSpawnRequest(request).build());
        SpawnResult r = Kernel.receive(ref, m -> m instanceof SpawnResult s && s.ref().equals(ref) ? s : Kernel.NO_MATCH, null, null);
        if (r.pid() == null) {
            if (monitor) Kernel.demonitor(ref, Kernel.FLUSH);
            throw refused(node, r.error());
        }
        if (monitor && Inbound.retarget(ref, r.pid())) c.retargetWatch(ref, r.pid());
        return new Spawned(r.pid(), ref);
    }

    /**
     * Starts a call of {@code request} on {@code node}, monitored by the caller under the returned ref,
     * without waiting: the result comes in the {@code DOWN} (its reason an {@link RpcReply}), a refusal
     * as a {@link SpawnResult}, and {@code node} kills the call after {@code timeout}.
     */
    static Ref call(Atom node, SpawnRequest.Builder request, Duration timeout) {
        Connection c = connection(node);
        Ref ref = addressed(request.setReplyResult(true).setTimeoutMs(millis(timeout)));
        watch(c, request, ref);
        c.writer.enqueue(Signal.newBuilder().setSpawnRequest(request).build());
        return ref;
    }

    /** {@code timeout} in milliseconds, at least 1; 0 (never) for one too long to count. */
    private static long millis(Duration timeout) {
        try {
            return Math.max(1, timeout.toMillis());
        } catch (ArithmeticException tooLong) {
            return 0;
        }
    }

    /** Why a spawn on {@code node} failed, as the exception the caller exits with. */
    static ExitException refused(Atom node, Object error) {
        return new ExitException(Atom.NOCONNECTION.equals(error) ? Atom.NOCONNECTION : Tuple.of(Atom.of("spawn_refused"), node, error));
    }

    private static Connection connection(Atom node) {
        if (node.equals(self())) throw new IllegalArgumentException("remote spawn on the local node " + node.name() + ": use Kernel.spawn");
        Dist d = dist;
        Connection c = d == null ? null : d.connection(node);   // not distributed: no node can be reached, as on the BEAM
        if (c == null) throw new ExitException(Atom.NOCONNECTION);
        return c;
    }

    /** The caller monitors the process {@code request} makes, under {@code ref}, until its pid is known. */
    private static void watch(Connection c, SpawnRequest.Builder request, Ref ref) {
        Pid unknown = new Pid(c.node, 0, 0);
        request.setMonitor(TermCodec.ref(ref));
        Inbound.watch(ref, unknown);
        c.trackWatch(ref, Kernel.self(), unknown);
    }

    /** Fills in the caller, its group leader and a fresh ref (marked for the ref trick), and returns the ref. */
    private static Ref addressed(SpawnRequest.Builder request) {
        Ref ref = Kernel.makeRef();
        request.setRef(TermCodec.ref(ref)).setFrom(TermCodec.pid(Kernel.self()));
        Pid leader = Kernel.groupLeader();
        if (leader != null) request.setGroupLeader(TermCodec.pid(leader));
        return ref;
    }

    static Dist required() {
        Dist d = dist;
        if (d == null) throw new IllegalStateException("this node is not distributed: call Node.start first (or run it with `weft node`)");
        return d;
    }
}
