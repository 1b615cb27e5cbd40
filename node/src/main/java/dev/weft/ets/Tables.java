package dev.weft.ets;

import dev.weft.process.Down;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.NodeNames;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's tables: by name and by number, who may use them, and what happens when an owner dies.
 * A janitor process monitors every owner; when one goes down, its tables pass to their heir (who gets
 * an {@code ETS-TRANSFER} message) or are deleted. Any operation that finds a table whose owner is no
 * longer alive does the same at once, so no operation ever sees a table outlive its owner.
 */
final class Tables {
    static final Atom ETS_TRANSFER = Atom.of("ETS-TRANSFER");
    private static final String NO_TABLE = "the table identifier does not refer to an existing ETS table";
    private static final String NO_ACCESS = "the table identifier refers to an ETS table with insufficient access rights";
    private static final ConcurrentHashMap<Atom, Table> NAMED = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Long, Table> ALL = new ConcurrentHashMap<>();
    private static Pid janitor;

    private Tables() {}

    /** The janitor's request to watch a new owner. */
    private record Watch(Pid owner) {}

    // ---- errors

    static IllegalArgumentException badarg(String op, Object tab, String why) {
        Object shown = tab instanceof Table t ? t.ident() : tab;
        return new IllegalArgumentException("ets." + op + "(" + Inspect.inspect(shown) + ", ...): " + why);
    }

    private static IllegalArgumentException noAccess(String op, Table t, String needed) {
        return badarg(op, t, NO_ACCESS + ": the table is " + t.access.name().toLowerCase() + " and owned by " + t.owner
                + ", " + needed + " by " + Kernel.self());
    }

    // ---- finding tables

    /** The live table {@code tab} (a {@link Tid} or a name) refers to, or a badarg. */
    static Table find(String op, Object tab) {
        Table t = lookup(op, tab);
        if (t == null) throw badarg(op, tab, NO_TABLE);
        return t;
    }

    /** The live table {@code tab} refers to, or null; a badarg if {@code tab} cannot name a table. */
    static Table lookup(String op, Object tab) {
        Table t;
        if (tab instanceof Tid id) t = id.table;                 // not a pattern switch: this is the hot path
        else if (tab instanceof Atom name) t = NAMED.get(name);
        else throw badarg(op, tab, "not a table identifier (a Tid, or the name of a named table)");
        if (t == null) return null;
        Pid owner = t.owner;
        if (!Kernel.alive(owner)) ownerDied(t, owner);
        return t.deleted ? null : t;
    }

    /** {@link #find}, checking the caller may read it. */
    static Table readable(String op, Object tab) {
        Table t = find(op, tab);
        if (t.access == Access.PRIVATE && !t.ownedByCaller()) throw noAccess(op, t, "read");
        return t;
    }

    /** {@link #find}, checking the caller may write it. */
    static Table writable(String op, Object tab) {
        Table t = find(op, tab);
        if (t.access != Access.PUBLIC && !t.ownedByCaller()) throw noAccess(op, t, "written");
        return t;
    }

    /** {@link #find}, checking the caller owns it. */
    static Table owned(String op, Object tab) {
        Table t = find(op, tab);
        if (!t.ownedByCaller()) throw badarg(op, t, NO_ACCESS + ": only its owner " + t.owner + " may do this, not " + Kernel.self());
        return t;
    }

    static Tid whereis(Atom name) {
        Table t = lookup("whereis", name);
        return t == null ? null : t.tid;
    }

    static List<Tid> all() {
        return ALL.values().stream().filter(t -> lookup("all", t.tid) != null).map(t -> t.tid).toList();
    }

    // ---- life of a table

    static Table create(Atom name, Option... options) {
        if (name == null) throw new IllegalArgumentException("ets.new: a table needs a name (an atom)");
        Table.Options o = new Table.Options(options);
        if (o.heir.pid() != null && !NodeNames.isLocal(o.heir.pid().node())) {
            throw new IllegalArgumentException("ets.new(" + name + ", ...): the heir " + o.heir.pid() + " is not a local process");
        }
        Table t = new Table(name, o, Kernel.self());
        if (o.named) claimName("new", name, t);
        ALL.put(t.tid.id(), t);
        watch(t.owner);
        return t;
    }

    /**
     * Names {@code t}, or throws if a live table has the name. A table whose owner has died but that
     * the janitor has not reached yet gives its name up first.
     */
    private static void claimName(String op, Atom name, Table t) {
        while (NAMED.putIfAbsent(name, t) != null) {
            if (lookup(op, name) != null) throw badarg(op, t, "table name already exists: " + name);
        }
    }

    static void delete(Table t) {
        synchronized (t) {
            t.exclusive(() -> {
                if (!t.deleted) {
                    t.deleted = true;
                    t.store.clear();
                    if (t.named) NAMED.remove(t.name, t);
                    ALL.remove(t.tid.id());
                }
                return null;
            });
        }
    }

    static Atom rename(Table t, Atom name) {
        synchronized (t) {
            if (t.deleted) throw badarg("rename", t, NO_TABLE);
            if (t.named) {
                claimName("rename", name, t);           // its own name too: it is taken, by t
                NAMED.remove(t.name, t);
            }
            t.name = name;
        }
        return name;
    }

    /** Makes {@code to} the owner and tells it so. */
    static void giveAway(Table t, Pid to, Object data) {
        synchronized (t) {
            Pid from = t.owner;
            t.owner = to;
            Kernel.send(to, t.transferMessage(from, data));
        }
        watch(to);
    }

    /** The owner is gone: the heir inherits the table, or it is deleted. Safe to call more than once. */
    static void ownerDied(Table t, Pid owner) {
        Pid heir;
        synchronized (t) {
            if (t.deleted || !owner.equals(t.owner)) return;
            heir = t.heir.pid();
            if (heir != null && !heir.equals(owner) && Kernel.alive(heir)) {
                t.owner = heir;
                Kernel.send(heir, t.transferMessage(owner, t.heir.data()));
            } else {
                heir = null;
                delete(t);
            }
        }
        if (heir != null) watch(heir);
    }

    // ---- the janitor

    private static void watch(Pid owner) {
        Kernel.send(janitor(), new Watch(owner));
    }

    private static synchronized Pid janitor() {
        if (janitor == null || !Kernel.alive(janitor)) {
            janitor = Kernel.spawn(Tables::janitorLoop);
            for (Table t : ALL.values()) Kernel.send(janitor, new Watch(t.owner));
        }
        return janitor;
    }

    private static void janitorLoop() {
        Map<Pid, Ref> watched = new HashMap<>();
        while (true) {
            switch (Kernel.receive()) {
                case Watch(Pid owner) -> watched.computeIfAbsent(owner, Kernel::monitor);
                case Down d -> {
                    watched.remove(d.pid());
                    for (Table t : ALL.values()) if (d.pid().equals(t.owner)) ownerDied(t, d.pid());
                }
                default -> { }
            }
        }
    }
}
