package dev.weft.dist;

import dev.weft.otp.GenServer;
import dev.weft.process.Down;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.NodeNames;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Process groups across the cluster: Erlang's {@code :pg}. A scope is a server registered under
 * the scope's name on each node that runs it ({@link #startLink}); the default scope, {@code :pg},
 * starts on first use. A process joins a group of a scope on its own node; every node running the
 * scope learns of it, and of its leaving, its end, or its node going away; scope servers that meet
 * tell each other their members. A process may join a group more than once and then leaves it as
 * many times. Members are listed newest first, as {@code :pg} does. A monitor ({@link #monitorScope},
 * {@link #monitor}) gets {@code {ref, :join | :leave, group, pids}} messages for every change.
 *
 * <pre>{@code
 * Pg.join(Atom.of("workers"), Kernel.self());             // :ok; seen on every connected node
 * List<Pid> all = Pg.getMembers(Atom.of("workers"));      // members on every node
 * List<Pid> here = Pg.getLocalMembers(Atom.of("workers"));
 * Pg.leave(Atom.of("workers"), Kernel.self());            // :ok, or :not_joined
 *
 * Atom chat = Atom.of("chat");
 * Pg.startLink(chat);                                     // a scope of its own (on each node that wants it)
 * Pg.GroupMonitor m = Pg.monitor(chat, "room");           // the members now, then every change
 * Pg.join(chat, "room", Kernel.self());                   // m gets {ref, :join, "room", [self]}
 * }</pre>
 */
public final class Pg {
    static final Atom SERVER = Atom.of("pg");
    private static final Atom NOT_JOINED = Atom.of("not_joined");
    private static final Atom JOIN = Atom.of("join");
    private static final Atom LEAVE = Atom.of("leave");
    /** Each running scope's table of groups, readable by any process; written by its server only. */
    private static final ConcurrentHashMap<Atom, Table> SCOPES = new ConcurrentHashMap<>();

    private Pg() {}

    /** What {@link #monitorScope} returns: the ref its messages carry, and every group's members now. */
    public record ScopeMonitor(Ref ref, Map<Object, List<Pid>> groups) {}

    /** What {@link #monitor} returns: the ref its messages carry, and the group's members now. */
    public record GroupMonitor(Ref ref, List<Pid> members) {}

    // ---------------------------------------------------------------- scopes

    /** Starts the scope {@code scope} on this node, linked to the caller ({@code :pg.start_link/1}); exits {@code {:already_started, pid}} if it runs. */
    public static Pid startLink(Atom scope) {
        return GenServer.startLink(new Scope(scope), scope);
    }

    /** Starts the scope {@code scope} on this node, not linked ({@code :pg.start/1}). */
    public static Pid start(Atom scope) {
        return GenServer.start(new Scope(scope), scope);
    }

    // ---------------------------------------------------------------- the default scope

    /** Adds {@code pid} (a process of this node) to {@code group} ({@code :pg.join/2}); returns {@code :ok}. */
    public static Atom join(Object group, Pid pid) {
        return join(defaultScope(), group, List.of(pid));
    }

    /** Adds each of {@code pids} (processes of this node) to {@code group}, in order. */
    public static Atom join(Object group, List<Pid> pids) {
        return join(defaultScope(), group, pids);
    }

    /** Removes {@code pid} from {@code group} once ({@code :pg.leave/2}): {@code :ok}, or {@code :not_joined}. */
    public static Atom leave(Object group, Pid pid) {
        return leave(defaultScope(), group, List.of(pid));
    }

    /** Removes each of {@code pids} from {@code group} once: {@code :ok}, or {@code :not_joined} if none of them was in it. */
    public static Atom leave(Object group, List<Pid> pids) {
        return leave(defaultScope(), group, pids);
    }

    /** The members of {@code group} on every node, newest first ({@code :pg.get_members/1}). */
    public static List<Pid> getMembers(Object group) {
        return getMembers(SERVER, group);
    }

    /** The members of {@code group} on this node ({@code :pg.get_local_members/1}). */
    public static List<Pid> getLocalMembers(Object group) {
        return getLocalMembers(SERVER, group);
    }

    /** The groups that have members ({@code :pg.which_groups/0}). */
    public static List<Object> whichGroups() {
        return whichGroups(defaultScope());
    }

    /** The groups that have members on this node ({@code :pg.which_local_groups/0}). */
    public static List<Object> whichLocalGroups() {
        return whichLocalGroups(defaultScope());
    }

    /** Watches every group of the default scope ({@code :pg.monitor_scope/0}). */
    public static ScopeMonitor monitorScope() {
        return monitorScope(defaultScope());
    }

    /** Watches {@code group} of the default scope ({@code :pg.monitor/1}). */
    public static GroupMonitor monitor(Object group) {
        return monitor(defaultScope(), group);
    }

    /** Ends a monitor of the default scope ({@code :pg.demonitor/1}); false if {@code ref} is not one. */
    public static boolean demonitor(Ref ref) {
        return demonitor(defaultScope(), ref);
    }

    // ---------------------------------------------------------------- any scope

    /** {@link #join(Object, List)} in {@code scope} ({@code :pg.join/3}); exits {@code :noproc} if the scope does not run here. */
    public static Atom join(Atom scope, Object group, Pid pid) {
        return join(scope, group, List.of(pid));
    }

    public static Atom join(Atom scope, Object group, List<Pid> pids) {
        return GenServer.call(scope, new JoinLocal(group, local(pids)), GenServer.INFINITY);
    }

    /** {@link #leave(Object, List)} in {@code scope} ({@code :pg.leave/3}). */
    public static Atom leave(Atom scope, Object group, Pid pid) {
        return leave(scope, group, List.of(pid));
    }

    public static Atom leave(Atom scope, Object group, List<Pid> pids) {
        return GenServer.call(scope, new LeaveLocal(group, local(pids)), GenServer.INFINITY);
    }

    /** The members of {@code group} in {@code scope}, newest first; empty if the scope does not run here ({@code :pg.get_members/2}). */
    public static List<Pid> getMembers(Atom scope, Object group) {
        Table t = table(scope);
        return t == null ? List.of() : t.groups.getOrDefault(group, List.of());
    }

    /** The members of {@code group} in {@code scope} on this node ({@code :pg.get_local_members/2}). */
    public static List<Pid> getLocalMembers(Atom scope, Object group) {
        return getMembers(scope, group).stream().filter(p -> NodeNames.isLocal(p.node())).toList();
    }

    /** The groups of {@code scope} that have members; throws if the scope does not run here ({@code :pg.which_groups/1}). */
    public static List<Object> whichGroups(Atom scope) {
        return List.copyOf(running(scope).groups.keySet());
    }

    /** The groups of {@code scope} that have members on this node ({@code :pg.which_local_groups/1}). */
    public static List<Object> whichLocalGroups(Atom scope) {
        return running(scope).groups.keySet().stream().filter(g -> !getLocalMembers(scope, g).isEmpty()).toList();
    }

    /** Watches every group of {@code scope}: the caller gets {@code {ref, :join | :leave, group, pids}} ({@code :pg.monitor_scope/1}). */
    public static ScopeMonitor monitorScope(Atom scope) {
        return GenServer.call(scope, new Watch(null, false), GenServer.INFINITY);
    }

    /** Watches {@code group} of {@code scope}: the caller gets {@code {ref, :join | :leave, group, pids}} ({@code :pg.monitor/2}). */
    public static GroupMonitor monitor(Atom scope, Object group) {
        return GenServer.call(scope, new Watch(group, true), GenServer.INFINITY);
    }

    /** Ends a {@link #monitorScope} or {@link #monitor} of {@code scope}; false if {@code ref} is not one ({@code :pg.demonitor/2}). */
    public static boolean demonitor(Atom scope, Ref ref) {
        return GenServer.call(scope, new Unwatch(ref), GenServer.INFINITY);
    }

    /**
     * When the node starts distribution: every scope that ran before meets the nodes, and the default
     * scope starts if it is not running (a scope started now meets them as it starts).
     */
    static void start() {
        for (Table t : SCOPES.values()) Kernel.send(t.server, new Global.Meet());
        defaultScope();
    }

    private static Atom defaultScope() {
        Servers.ensure(SERVER, () -> start(SERVER));
        return SERVER;
    }

    /** The scope's table, or null if it does not run (its server ended without taking it along: killed). */
    private static Table table(Atom scope) {
        Table t = SCOPES.get(scope);
        return t == null || !Kernel.alive(t.server) ? null : t;
    }

    private static Table running(Atom scope) {
        Table t = table(scope);
        if (t == null) throw new IllegalArgumentException("the :pg scope " + scope + " does not run on this node (start it with Pg.startLink)");
        return t;
    }

    private static List<Pid> local(List<Pid> pids) {
        for (Pid p : pids) {
            if (p == null || !NodeNames.isLocal(p.node())) throw new IllegalArgumentException("only a process of this node can join or leave a group here, not " + p);
        }
        return List.copyOf(pids);
    }

    private record Table(Pid server, ConcurrentHashMap<Object, List<Pid>> groups) {}

    // ---------------------------------------------------------------- the protocol

    /** Calls from this node's processes. */
    private record JoinLocal(Object group, List<Pid> pids) {}

    private record LeaveLocal(Object group, List<Pid> pids) {}

    /** A monitor of one group ({@code group} set) or of the scope. */
    private record Watch(Object group, boolean ofGroup) {}

    private record Unwatch(Ref ref) {}

    /** From another node's scope server: its processes joined or left a group. */
    record Joined(Pid from, Object group, List<Pid> pids) {}

    record Left(Pid from, Object group, List<Pid> pids) {}

    /** Every membership of the processes of {@code from}'s node, sent when two scope servers meet; {@code answer}: send yours back. */
    record Sync(Pid from, Map<Object, List<Pid>> groups, boolean answer) {}

    /** The scope's server on this node: a GenServer registered under the scope's name. */
    private record Scope(Atom name) implements GenServer<Members> {
        @Override
        public Init<Members> init() {
            Members m = new Members(name);
            SCOPES.put(name, new Table(Kernel.self(), m.groups));
            if (Node.alive()) m.meet();
            return new Ok<>(m);
        }

        @Override
        public Result<Members> handleCall(Object request, From from, Members m) {
            Object reply = switch (request) {
                case JoinLocal j -> m.joinLocal(j.group(), j.pids());
                case LeaveLocal l -> m.leaveLocal(l.group(), l.pids());
                case Watch w -> m.watch(from.pid(), w);
                case Unwatch u -> m.unwatch(u.ref());
                default -> throw new IllegalArgumentException("not a :pg request: " + request);
            };
            return new Reply<>(reply, m);
        }

        @Override
        public Result<Members> handleInfo(Object message, Members m) {
            switch (message) {
                case Joined j -> {
                    m.peer(j.from());
                    m.add(j.group(), j.pids());
                }
                case Left l -> {
                    m.peer(l.from());
                    m.remove(l.group(), l.pids());
                }
                case Sync s -> m.sync(s);
                case Global.Meet meet -> m.meet();
                case Tuple t when t.is(Atom.of("nodeup"), 2) && t.get(1) instanceof Atom node -> m.tell(node, false);
                case Down d -> m.down(d);
                default -> { }
            }
            return new NoReply<>(m);
        }

        @Override
        public void terminate(Object reason, Members m) {
            SCOPES.computeIfPresent(name, (k, t) -> t.server().equals(Kernel.self()) ? null : t);
        }
    }

    /** A scope server's state: the table it shares, its local members, its monitors and the peer servers it knows. */
    private static final class Members {
        private final Atom scope;
        final ConcurrentHashMap<Object, List<Pid>> groups = new ConcurrentHashMap<>();
        /** A monitor per local member, and the groups it is in (once per join, in join order). */
        private final Map<Pid, Ref> watched = new HashMap<>();
        private final Map<Pid, List<Object>> joined = new HashMap<>();
        /** Monitors of processes watching the scope (group null) or a group, by ref; and the monitor of each watcher. */
        private final Map<Ref, Watcher> watchers = new LinkedHashMap<>();
        private final Map<Pid, Ref> watcherMonitors = new HashMap<>();
        /** The scope server of each other node that runs the scope, and its monitor. */
        private final Map<Pid, Ref> peers = new HashMap<>();

        Members(Atom scope) {
            this.scope = scope;
        }

        private record Watcher(Pid pid, Object group, boolean ofGroup) {}

        Atom joinLocal(Object group, List<Pid> pids) {
            for (Pid p : pids) {
                watched.computeIfAbsent(p, Kernel::monitor);
                joined.computeIfAbsent(p, x -> new ArrayList<>()).add(group);
            }
            add(group, pids);
            broadcast(new Joined(Kernel.self(), group, pids));
            return Atom.OK;
        }

        Atom leaveLocal(Object group, List<Pid> pids) {
            List<Pid> gone = new ArrayList<>();
            for (Pid p : pids) if (forget(p, group)) gone.add(p);
            if (gone.isEmpty()) return NOT_JOINED;
            remove(group, gone);
            broadcast(new Left(Kernel.self(), group, gone));
            return Atom.OK;
        }

        Object watch(Pid who, Watch w) {
            Ref ref = Kernel.makeRef();
            watchers.put(ref, new Watcher(who, w.group(), w.ofGroup()));
            watcherMonitors.computeIfAbsent(who, Kernel::monitor);
            return w.ofGroup() ? new GroupMonitor(ref, groups.getOrDefault(w.group(), List.of())) : new ScopeMonitor(ref, Map.copyOf(groups));
        }

        boolean unwatch(Ref ref) {
            Watcher w = watchers.remove(ref);
            if (w == null) return false;
            if (watchers.values().stream().noneMatch(x -> x.pid().equals(w.pid()))) Kernel.demonitor(watcherMonitors.remove(w.pid()), Kernel.FLUSH);
            return true;
        }

        void down(Down d) {
            if (watched.remove(d.pid(), d.ref())) {
                // one leave per join, the latest first, as :pg reports them
                List<Object> groupsOf = joined.remove(d.pid());
                for (Object g : groupsOf.reversed()) remove(g, List.of(d.pid()));
                Map<Object, List<Pid>> left = new LinkedHashMap<>();
                for (Object g : groupsOf) left.computeIfAbsent(g, x -> new ArrayList<>()).add(d.pid());
                left.forEach((g, pids) -> broadcast(new Left(Kernel.self(), g, pids)));
            } else if (watcherMonitors.remove(d.pid(), d.ref())) {
                watchers.values().removeIf(w -> w.pid().equals(d.pid()));
            } else if (peers.remove(d.pid(), d.ref())) {
                replaceNode(d.pid().node(), Map.of());
            }
        }

        /** Takes what the sender's node has as its members; answers with ours if asked. */
        void sync(Sync s) {
            peer(s.from());
            replaceNode(s.from().node(), s.groups());
            if (s.answer()) Kernel.send(s.from(), new Sync(Kernel.self(), localGroups(), false));
        }

        /** Replaces what this server knows of {@code node}'s members with {@code now}; monitors see only the difference. */
        private void replaceNode(Atom node, Map<Object, List<Pid>> now) {
            for (Object g : List.copyOf(groups.keySet())) {
                List<Pid> gone = onNode(g, node);
                for (Pid p : now.getOrDefault(g, List.of())) gone.remove(p);
                remove(g, gone);
            }
            now.forEach((g, pids) -> {
                List<Pid> fresh = new ArrayList<>(pids);
                for (Pid p : onNode(g, node)) fresh.remove(p);
                add(g, fresh);
            });
        }

        /** The members of {@code group} on {@code node}, as this server knows them (a list of its own). */
        private List<Pid> onNode(Object group, Atom node) {
            List<Pid> out = new ArrayList<>();
            for (Pid p : groups.getOrDefault(group, List.of())) if (p.node().equals(node)) out.add(p);
            return out;
        }

        /** Distribution is up: watch the nodes, and ask every node's scope server for its members. */
        void meet() {
            Node.monitorNodes(true);
            for (Atom node : Node.list()) tell(node, true);
        }

        /** Tells {@code node}'s scope server every membership of this node's processes. */
        void tell(Atom node, boolean answer) {
            Kernel.send(scope, node, new Sync(Kernel.self(), localGroups(), answer));
        }

        /** Watches another node's scope server: when it goes, so do its node's members. A newer one replaces an older one of the same node. */
        void peer(Pid server) {
            if (peers.containsKey(server)) return;
            for (Pid old : List.copyOf(peers.keySet())) {
                if (old.node().equals(server.node())) Kernel.demonitor(peers.remove(old), Kernel.FLUSH);
            }
            peers.put(server, Kernel.monitor(server));
        }

        /** Takes one join of {@code group} off a local member; false if it had none. */
        private boolean forget(Pid p, Object group) {
            List<Object> groupsOf = joined.get(p);
            if (groupsOf == null || !groupsOf.remove(group)) return false;
            if (groupsOf.isEmpty()) {
                joined.remove(p);
                Kernel.demonitor(watched.remove(p), Kernel.FLUSH);
            }
            return true;
        }

        void add(Object group, List<Pid> pids) {
            if (pids.isEmpty()) return;
            List<Pid> members = new ArrayList<>(pids);   // prepended, as :pg does
            members.addAll(groups.getOrDefault(group, List.of()));
            groups.put(group, List.copyOf(members));
            notify(JOIN, group, pids);
        }

        void remove(Object group, List<Pid> pids) {
            List<Pid> members = new ArrayList<>(groups.getOrDefault(group, List.of()));
            List<Pid> removed = new ArrayList<>();
            for (Pid p : pids) if (members.remove(p)) removed.add(p);
            if (removed.isEmpty()) return;
            if (members.isEmpty()) groups.remove(group);
            else groups.put(group, List.copyOf(members));
            notify(LEAVE, group, removed);
        }

        private void notify(Atom what, Object group, List<Pid> pids) {
            for (var e : watchers.entrySet()) {
                Watcher w = e.getValue();
                if (!w.ofGroup() || Objects.equals(w.group(), group)) Kernel.send(w.pid(), Tuple.of(e.getKey(), what, group, List.copyOf(pids)));
            }
        }

        private void broadcast(Object msg) {
            if (Node.alive()) for (Atom node : Node.list()) Kernel.send(scope, node, msg);
        }

        private Map<Object, List<Pid>> localGroups() {
            Map<Object, List<Pid>> mine = new HashMap<>();
            for (Object g : groups.keySet()) {
                List<Pid> local = groups.get(g).stream().filter(p -> NodeNames.isLocal(p.node())).toList();
                if (!local.isEmpty()) mine.put(g, local);
            }
            return mine;
        }
    }
}
