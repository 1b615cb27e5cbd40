package dev.weft.dist;

import dev.weft.process.Down;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.NodeNames;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Process groups across the cluster: Erlang's {@code :pg} (its default scope). A process joins a
 * group on its own node; every connected node learns of it, and of its leaving, its end, or its
 * node going away; nodes that meet tell each other their members. A process may join a group more
 * than once and then leaves it as many times. Members are listed newest first, as {@code :pg} does.
 *
 * <pre>{@code
 * Pg.join(Atom.of("workers"), Kernel.self());             // :ok; seen on every connected node
 * List<Pid> all = Pg.getMembers(Atom.of("workers"));      // members on every node
 * List<Pid> here = Pg.getLocalMembers(Atom.of("workers"));
 * Pg.leave(Atom.of("workers"), Kernel.self());            // :ok, or :not_joined
 * }</pre>
 */
public final class Pg {
    static final Atom SERVER = Atom.of("pg");
    private static final Atom NOT_JOINED = Atom.of("not_joined");
    /** Every group's members, on every node, as this node knows them; written by its server only. */
    private static final ConcurrentHashMap<Object, List<Pid>> GROUPS = new ConcurrentHashMap<>();

    private Pg() {}

    /** Adds {@code pid} (a process of this node) to {@code group} ({@code :pg.join/2}); returns {@code :ok}. */
    public static Atom join(Object group, Pid pid) {
        return join(group, List.of(pid));
    }

    /** Adds each of {@code pids} (processes of this node) to {@code group}, in order. */
    public static Atom join(Object group, List<Pid> pids) {
        return call(new JoinLocal(group, local(pids), Kernel.self(), Kernel.makeRef()));
    }

    /** Removes {@code pid} from {@code group} once ({@code :pg.leave/2}): {@code :ok}, or {@code :not_joined}. */
    public static Atom leave(Object group, Pid pid) {
        return leave(group, List.of(pid));
    }

    /** Removes each of {@code pids} from {@code group} once: {@code :ok}, or {@code :not_joined} if none of them was in it. */
    public static Atom leave(Object group, List<Pid> pids) {
        return call(new LeaveLocal(group, local(pids), Kernel.self(), Kernel.makeRef()));
    }

    /** The members of {@code group} on every node, newest first ({@code :pg.get_members/1}). */
    public static List<Pid> getMembers(Object group) {
        return GROUPS.getOrDefault(group, List.of());
    }

    /** The members of {@code group} on this node ({@code :pg.get_local_members/1}). */
    public static List<Pid> getLocalMembers(Object group) {
        return getMembers(group).stream().filter(p -> NodeNames.isLocal(p.node())).toList();
    }

    /** The groups that have members ({@code :pg.which_groups/0}). */
    public static List<Object> whichGroups() {
        return List.copyOf(GROUPS.keySet());
    }

    /** Starts this node's server if it is not running, and has it meet the nodes (when the node starts distribution). */
    static void start() {
        Kernel.send(server(), new Global.Meet());
    }

    private static Pid server() {
        return Servers.ensure(SERVER, () -> new Server().loop());
    }

    private static List<Pid> local(List<Pid> pids) {
        for (Pid p : pids) {
            if (p == null || !NodeNames.isLocal(p.node())) throw new IllegalArgumentException("only a process of this node can join or leave a group here, not " + p);
        }
        return List.copyOf(pids);
    }

    private static Atom call(Request r) {
        Kernel.send(server(), r);
        return Kernel.receive(m -> m instanceof Tuple t && t.size() == 2 && r.id().equals(t.get(0)) ? t.get(1) : Kernel.NO_MATCH);
    }

    // ---------------------------------------------------------------- the protocol between servers

    private sealed interface Request permits JoinLocal, LeaveLocal {
        Ref id();
    }

    record JoinLocal(Object group, List<Pid> pids, Pid from, Ref id) implements Request {}

    record LeaveLocal(Object group, List<Pid> pids, Pid from, Ref id) implements Request {}

    /** From another node's server: its processes joined or left a group. */
    record Joined(Object group, List<Pid> pids) {}

    record Left(Object group, List<Pid> pids) {}

    /** Every membership of {@code node}'s processes, sent when two nodes meet. */
    record Sync(Atom node, Map<Object, List<Pid>> groups) {}

    private static final class Server {
        /** A monitor per local member, and the groups it is in (once per join). */
        private final Map<Pid, Ref> watched = new HashMap<>();
        private final Map<Pid, List<Object>> joined = new HashMap<>();

        void loop() {
            for (;;) {
                switch (Kernel.receive()) {
                    case JoinLocal j -> {
                        for (Pid p : j.pids()) {
                            watched.computeIfAbsent(p, Kernel::monitor);
                            joined.computeIfAbsent(p, x -> new ArrayList<>()).add(j.group());
                        }
                        add(j.group(), j.pids());
                        broadcast(new Joined(j.group(), j.pids()));
                        Kernel.send(j.from(), Tuple.of(j.id(), Atom.OK));
                    }
                    case LeaveLocal l -> {
                        List<Pid> gone = new ArrayList<>();
                        for (Pid p : l.pids()) if (forget(p, l.group())) gone.add(p);
                        remove(l.group(), gone);
                        if (!gone.isEmpty()) broadcast(new Left(l.group(), gone));
                        Kernel.send(l.from(), Tuple.of(l.id(), gone.isEmpty() ? NOT_JOINED : Atom.OK));
                    }
                    case Joined j -> add(j.group(), j.pids());
                    case Left l -> remove(l.group(), l.pids());
                    case Sync s -> {
                        dropNode(s.node());
                        s.groups().forEach(this::add);
                    }
                    case Global.Meet m -> {
                        Node.monitorNodes(true);
                        for (Atom node : Node.list()) tell(node);
                    }
                    case Tuple t when t.is(Atom.of("nodeup"), 2) && t.get(1) instanceof Atom node -> tell(node);
                    case Tuple t when t.is(Atom.of("nodedown"), 2) && t.get(1) instanceof Atom node -> dropNode(node);
                    case Down d when watched.remove(d.pid(), d.ref()) -> {
                        Map<Object, List<Pid>> left = new HashMap<>();
                        for (Object g : joined.remove(d.pid())) left.computeIfAbsent(g, x -> new ArrayList<>()).add(d.pid());
                        left.forEach((g, pids) -> {
                            remove(g, pids);
                            broadcast(new Left(g, pids));
                        });
                    }
                    default -> { }
                }
            }
        }

        /** Takes one join of {@code group} off a local member; false if it had none. */
        private boolean forget(Pid p, Object group) {
            List<Object> groups = joined.get(p);
            if (groups == null || !groups.remove(group)) return false;
            if (groups.isEmpty()) {
                joined.remove(p);
                Kernel.demonitor(watched.remove(p), Kernel.FLUSH);
            }
            return true;
        }

        private void add(Object group, List<Pid> pids) {
            if (pids.isEmpty()) return;
            List<Pid> members = new ArrayList<>(pids);   // prepended, as :pg does
            members.addAll(getMembers(group));
            GROUPS.put(group, List.copyOf(members));
        }

        private void remove(Object group, List<Pid> pids) {
            List<Pid> members = new ArrayList<>(getMembers(group));
            for (Pid p : pids) members.remove(p);
            if (members.isEmpty()) GROUPS.remove(group);
            else GROUPS.put(group, List.copyOf(members));
        }

        private void dropNode(Atom node) {
            for (Object g : List.copyOf(GROUPS.keySet())) {
                remove(g, getMembers(g).stream().filter(p -> p.node().equals(node)).toList());
            }
        }

        private void broadcast(Object msg) {
            if (Node.alive()) for (Atom node : Node.list()) Kernel.send(SERVER, node, msg);
        }

        /** Tells {@code node}'s server every membership of this node's processes. */
        private void tell(Atom node) {
            Map<Object, List<Pid>> mine = new HashMap<>();
            for (Object g : GROUPS.keySet()) {
                List<Pid> local = getLocalMembers(g);
                if (!local.isEmpty()) mine.put(g, local);
            }
            Kernel.send(SERVER, node, new Sync(NodeNames.local(), mine));
        }
    }
}
