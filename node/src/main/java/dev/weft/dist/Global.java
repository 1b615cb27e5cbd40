package dev.weft.dist;

import dev.weft.otp.ViaName;
import dev.weft.process.Down;
import dev.weft.process.ExitException;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Inspectable;
import dev.weft.term.NodeNames;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Names that hold across the cluster: Erlang's {@code :global}. A name is registered on every
 * connected node at once, under a lock taken on each of them, so two processes never hold it together;
 * it goes when its process ends or the process's node goes away; and when two nodes meet, each tells
 * the other the names its processes hold. A name that both held (registered while apart) stays with one
 * of the two processes, the same on every node (the one on the node whose name sorts first), and the
 * other is killed, as {@code :global}'s default {@code random_exit_name} does (it picks at random).
 *
 * <p>Each node runs a server, {@code :global_name_server}, that keeps its copy of the names; lookups
 * read it without a message. Names work on a node that is not distributed too.
 *
 * <pre>{@code
 * Global.registerName(Atom.of("leader"), Kernel.self());  // :yes, on every connected node
 * Pid leader = Global.whereisName(Atom.of("leader"));      // from any of them
 * Global.send(Atom.of("leader"), "hello");                 // exits {:badarg, {name, msg}} if nobody holds it
 * GenServer.start(new Counter(), Global.name(Atom.of("counter")));   // {:global, :counter}
 * GenServer.call(Global.name(Atom.of("counter")), "next");
 * }</pre>
 */
public final class Global {
    static final Atom SERVER = Atom.of("global_name_server");
    private static final Atom YES = Atom.of("yes");
    private static final Atom NO = Atom.of("no");
    private static final Atom TAKEN = Atom.of("taken"), LOCKED = Atom.of("locked");
    /** Which of two processes holding one name keeps it when their nodes meet: the same on every node. */
    private static final Comparator<Pid> ORDER = Comparator.comparing((Pid p) -> p.node().name()).thenComparingLong(Pid::id);
    private static final int ATTEMPTS = 100;
    private static final System.Logger LOG = System.getLogger("dev.weft.dist");
    /** This node's copy of the names; written by its server only. */
    private static final ConcurrentHashMap<Object, Pid> NAMES = new ConcurrentHashMap<>();

    private Global() {}

    /** A server name in the cluster's names: Elixir's {@code {:global, name}}, for GenServer, Agent and Supervisor. */
    public record Name(Object name) implements ViaName, Inspectable {
        @Override
        public Pid register() {
            Pid me = Kernel.self();
            for (int i = 0; i < ATTEMPTS; i++) {
                if (registerName(name, me) == YES) return null;
                Pid holder = whereisName(name);
                if (holder != null) return holder;
            }
            throw new IllegalStateException("cannot register " + this + ": the name is taken and given up again and again");
        }

        @Override
        public void unregister() {
            if (Kernel.self().equals(whereisName(name))) unregisterName(name);
        }

        @Override
        public Pid whereis() {
            return whereisName(name);
        }

        @Override
        public String toString() {
            return "{:global, " + Inspect.inspect(name) + "}";
        }
    }

    /** {@code {:global, name}} as a server name. */
    public static Name name(Object name) {
        return new Name(name);
    }

    /**
     * Registers {@code pid} as {@code name} on every connected node ({@code :global.register_name/2}):
     * {@code :yes}, or {@code :no} if some process holds the name already.
     */
    public static Atom registerName(Object name, Pid pid) {
        if (pid == null) throw new IllegalArgumentException("cannot register nil as " + Inspect.inspect(name));
        server();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (NAMES.containsKey(name)) return NO;
            Ref id = Kernel.makeRef();
            Pid me = Kernel.self();
            Map<Atom, Object> votes = everywhere(new Lock(id, name, me), id);
            if (votes.values().stream().allMatch(v -> v instanceof Down || v instanceof Voted x && x.vote() == Atom.OK)) {
                everywhere(new Commit(id, name, pid, me), id);
                return YES;
            }
            for (Atom node : votes.keySet()) Kernel.send(SERVER, node, new Abort(id, name));
            if (votes.values().stream().anyMatch(v -> v instanceof Voted x && x.vote() == TAKEN)) return NO;
            Kernel.receive(m -> Kernel.NO_MATCH, Duration.ofMillis(ThreadLocalRandom.current().nextInt(1, 1 + Math.min(attempt, 20))), () -> null);
        }
        return NO;
    }

    /** Removes {@code name} on every connected node, whoever holds it ({@code :global.unregister_name/1}). */
    public static void unregisterName(Object name) {
        server();
        Ref id = Kernel.makeRef();
        everywhere(new Unregister(id, name, Kernel.self()), id);
    }

    /** The process registered as {@code name}, or null ({@code :undefined}). */
    public static Pid whereisName(Object name) {
        return NAMES.get(name);
    }

    /**
     * Sends {@code msg} to the process registered as {@code name} and returns its pid
     * ({@code :global.send/2}); exits with {@code {:badarg, {name, msg}}} if there is none.
     */
    public static Pid send(Object name, Object msg) {
        Pid pid = whereisName(name);
        if (pid == null) throw new ExitException(Tuple.of(Atom.of("badarg"), Tuple.of(name, msg)));
        Kernel.send(pid, msg);
        return pid;
    }

    /** Every name registered ({@code :global.registered_names/0}). */
    public static List<Object> registeredNames() {
        return List.copyOf(NAMES.keySet());
    }

    /** Starts this node's server if it is not running, and has it meet the nodes (when the node starts distribution). */
    static void start() {
        Kernel.send(server(), new Meet());
    }

    private static Pid server() {
        return Servers.ensure(SERVER, () -> {
            Pid pid = Kernel.spawn(() -> new Server().loop());
            Kernel.register(pid, SERVER);
            return pid;
        });
    }

    /**
     * Sends {@code request} to the server of this node and of every connected one and waits for each
     * one's {@link Answer} to {@code id}, or for that server to go away (then its DOWN stands for it).
     */
    private static Map<Atom, Object> everywhere(Object request, Ref id) {
        List<Atom> nodes = new ArrayList<>();
        nodes.add(NodeNames.local());
        if (Node.alive()) nodes.addAll(Node.list());
        Map<Ref, Atom> pending = new HashMap<>();
        for (Atom node : nodes) {
            pending.put(Kernel.monitor(SERVER, node), node);
            Kernel.send(SERVER, node, request);
        }
        Map<Atom, Object> answers = new HashMap<>();
        while (answers.size() < pending.size()) {
            switch (Kernel.receive(m -> m instanceof Down d && pending.containsKey(d.ref())
                    || m instanceof Answer a && a.id().equals(id) ? m : Kernel.NO_MATCH)) {
                case Down d -> answers.putIfAbsent(pending.get(d.ref()), d);
                case Answer a -> answers.putIfAbsent(a.node(), a);
                default -> throw new IllegalStateException("unreachable");
            }
        }
        for (Ref mon : pending.keySet()) Kernel.demonitor(mon, Kernel.FLUSH);
        return answers;
    }

    // ---------------------------------------------------------------- the protocol between servers

    /** The answer of the server of {@code node()} to the request {@code id()}. */
    private sealed interface Answer permits Voted, Done {
        Ref id();

        Atom node();
    }

    /** Asks to lock {@code name} for the registration {@code id}; the answer is a {@link Voted}. */
    record Lock(Ref id, Object name, Pid from) {}

    /** {@code :ok}, {@code :taken} (someone holds the name) or {@code :locked} (another registration has it locked). */
    record Voted(Ref id, Atom node, Atom vote) implements Answer {}

    record Commit(Ref id, Object name, Pid pid, Pid from) {}

    record Abort(Ref id, Object name) {}

    record Unregister(Ref id, Object name, Pid from) {}

    record Done(Ref id, Atom node) implements Answer {}

    /** The names held by processes of {@code node}, sent when two nodes meet. */
    record Sync(Atom node, List<Tuple> names) {}

    /** To a node's own servers: the node has started distribution; watch the nodes and meet them. */
    record Meet() {}

    /** The server: this node's copy of the names, the monitors that clear them, and the locks. */
    private static final class Server {
        private final Map<Ref, Object> watched = new HashMap<>();
        private final Map<Object, Ref> watchOf = new HashMap<>();
        private final Map<Object, Ref> locks = new HashMap<>();
        private final Map<Ref, Object> lockWatch = new HashMap<>();

        void loop() {
            for (;;) {
                switch (Kernel.receive()) {
                    case Lock l -> Kernel.send(l.from(), new Voted(l.id(), NodeNames.local(), vote(l)));
                    case Commit c -> {
                        unlock(c.name(), c.id());
                        put(c.name(), c.pid());
                        Kernel.send(c.from(), new Done(c.id(), NodeNames.local()));
                    }
                    case Abort a -> unlock(a.name(), a.id());
                    case Unregister u -> {
                        remove(u.name());
                        Kernel.send(u.from(), new Done(u.id(), NodeNames.local()));
                    }
                    case Sync s -> s.names().forEach(t -> merge(t.get(0), (Pid) t.get(1)));
                    case Meet m -> {
                        Node.monitorNodes(true);
                        for (Atom node : Node.list()) tell(node);
                    }
                    case Tuple t when t.is(Atom.of("nodeup"), 2) && t.get(1) instanceof Atom node -> tell(node);
                    case Down d -> down(d);
                    default -> { }
                }
            }
        }

        private Atom vote(Lock l) {
            if (NAMES.containsKey(l.name())) return TAKEN;
            Ref holder = locks.get(l.name());
            if (holder != null && !holder.equals(l.id())) return LOCKED;
            locks.put(l.name(), l.id());
            lockWatch.put(Kernel.monitor(l.from()), l.name());   // a registration whose caller dies lets go
            return Atom.OK;
        }

        private void unlock(Object name, Ref id) {
            if (id.equals(locks.get(name))) locks.remove(name);
        }

        private void put(Object name, Pid pid) {
            remove(name);
            NAMES.put(name, pid);
            Ref mon = Kernel.monitor(pid);
            watched.put(mon, name);
            watchOf.put(name, mon);
        }

        private void remove(Object name) {
            NAMES.remove(name);
            Ref mon = watchOf.remove(name);
            if (mon != null) {
                watched.remove(mon);
                Kernel.demonitor(mon, Kernel.FLUSH);
            }
        }

        private void down(Down d) {
            Object name = watched.remove(d.ref());
            if (name != null) {
                watchOf.remove(name);
                NAMES.remove(name, d.pid());
                return;
            }
            Object locked = lockWatch.remove(d.ref());
            if (locked != null && !NAMES.containsKey(locked)) locks.remove(locked);
        }

        /** Tells {@code node}'s server the names this node's processes hold. */
        private void tell(Atom node) {
            List<Tuple> mine = new ArrayList<>();
            NAMES.forEach((name, pid) -> {
                if (NodeNames.isLocal(pid.node())) mine.add(Tuple.of(name, pid));
            });
            Kernel.send(SERVER, node, new Sync(NodeNames.local(), mine));
        }

        /** A name another node's process holds: kept, or if this node knows another holder, one of the two. */
        private void merge(Object name, Pid pid) {
            Pid known = NAMES.get(name);
            if (pid.equals(known)) return;
            if (known == null) {
                put(name, pid);
                return;
            }
            Pid keep = ORDER.compare(known, pid) <= 0 ? known : pid;
            Pid loser = keep == known ? pid : known;
            if (keep != known) put(name, keep);
            if (NodeNames.isLocal(loser.node())) {
                LOG.log(System.Logger.Level.INFO, "global: name conflict terminating " + Tuple.of(name, loser));
                Kernel.exit(loser, Atom.KILL);
            }
        }
    }
}
