package dev.weft.ets;

import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Erlang Term Storage: tables of tuples in memory, shared by the processes of this node, each table
 * owned by a process. Elixir's {@code :ets} in camelCase: {@code :ets.new} is {@link #newTable},
 * {@code :ets.insert_new} is {@link #insertNew}, and so on.
 *
 * <pre>{@code
 * import dev.weft.ets.*;
 *
 * Tid users = Ets.newTable(Atom.of("users"), TableType.SET, Access.PUBLIC);
 * Ets.insert(users, Tuple.of("ann", 34, Atom.of("admin")));
 * Ets.insert(users, List.of(Tuple.of("bob", 28, Atom.of("user")), Tuple.of("cy", 41, Atom.of("user"))));
 * Ets.lookup(users, "ann");                                   // [{"ann", 34, :admin}]
 * Ets.updateCounter(users, "bob", 1);                         // 29 (position keypos + 1)
 * Ets.match(users, Tuple.of(Atom.of("$1"), Atom.of("_"), Atom.of("user"))); // [["bob"], ["cy"]], some order
 * Ets.select(users, o -> ((Number) o.get(1)).longValue() > 30, o -> o.get(0)); // ["ann", "cy"]
 * Ets.delete(users);
 * }</pre>
 *
 * <h2>Tables and owners</h2>
 * The process that creates a table owns it. A table is a {@link TableType#SET set} (default),
 * {@link TableType#ORDERED_SET ordered_set}, {@link TableType#BAG bag} or
 * {@link TableType#DUPLICATE_BAG duplicate_bag}; it is {@link Access#PROTECTED protected} (default:
 * everyone reads, the owner writes), {@link Access#PUBLIC public} or {@link Access#PRIVATE private}.
 * Objects are {@link Tuple}s; the key is the element at {@link Option.Keypos keypos} (1-based, as
 * every position here is). When the owner ends, the table is deleted, unless it has an
 * {@link Option.Heir heir} that is alive: the heir becomes the owner and gets
 * {@code {:"ETS-TRANSFER", tab, oldOwner, heirData}} ({@code tab} is the name of a named table, else
 * its {@link Tid}). {@link #giveAway} hands a table over the same way.
 *
 * <h2>Errors</h2>
 * Like ETS's {@code badarg}: using a deleted table, or one the caller has no right to, or giving a bad
 * argument throws {@link IllegalArgumentException} naming the operation, the table and why, e.g.
 * {@code ets.insert(:users, ...): the table identifier refers to an ETS table with insufficient access
 * rights: the table is protected and owned by #PID<0.80.0>, written by #PID<0.81.0>}. A failed
 * operation changes nothing.
 *
 * <h2>Atomicity</h2>
 * Every operation on one key ({@code insert} of one object, {@code updateCounter},
 * {@code updateElement}, {@code take}, …) is atomic and isolated; {@code insert}/{@code insertNew} of
 * a list and {@code deleteAllObjects} are too, as a whole. Walks ({@code tab2list}, {@code foldl},
 * {@code match}, {@code select}, {@code first}/{@code next}) see each object atomically but are not a
 * snapshot of the table, as in ETS.
 *
 * <h2>Where Weft differs from the BEAM</h2>
 * <ul>
 * <li>{@link #newTable} always returns a {@link Tid}; a named table can be used by its name too.
 *     {@link #rename} always returns the new name, where the BEAM returns an unnamed table's tid.
 * <li>Objects are stored by reference, not copied: they must be immutable, like every message.
 * <li>Keys are compared as the BEAM does: {@code Integer 1}, {@code Long 1L} and {@code BigInteger.ONE}
 *     are one key; {@code 1.0} is another in a set but the same in an ordered_set. {@code byte[]} keys
 *     compare by content.
 * <li>Counters are 64-bit: an {@code updateCounter} past {@code Long.MAX_VALUE} is a badarg. A counter
 *     it writes is a {@code Long}, whatever integer class was inserted: read numbers as {@link Number}.
 * <li>{@link #select} takes Java functions instead of a match specification (see there).
 * <li>{@code first}/{@code next} on a set or bag cost a walk from the start for each step, and keys
 *     inserted meanwhile may make such a walk skip or repeat keys (there is no {@code safe_fixtable});
 *     use {@link #foldl}, {@link #tab2list} or {@link #select} to visit a large one. An ordered_set
 *     walk is O(log n) a step and never skips a key that stays in the table.
 * <li>{@code read_concurrency} and {@code write_concurrency} are accepted and reported, but every table
 *     is built for concurrent readers and writers.
 * </ul>
 */
public final class Ets {
    /** What {@link #first}, {@link #next}, {@link #last} and {@link #prev} return past the end: {@code :"$end_of_table"}. */
    public static final Atom END_OF_TABLE = Atom.of("$end_of_table");

    private Ets() {}

    // ---------------------------------------------------------------- tables

    /**
     * Creates a table owned by the caller ({@code :ets.new/2}). Options: a {@link TableType}, an
     * {@link Access}, {@link Option#NAMED_TABLE}, {@link Option.Keypos}, {@link Option.Heir},
     * {@link Option.ReadConcurrency}, {@link Option.WriteConcurrency}; a later option overrides an
     * earlier one. Throws if the table is named and the name is taken, or an option is invalid.
     */
    public static Tid newTable(Atom name, Option... options) {
        return Tables.create(name, options).tid;
    }

    /** Deletes the table ({@code :ets.delete/1}): its owner may, or anyone if it is public. */
    public static boolean delete(Object tab) {
        Tables.delete(Tables.writable("delete", tab));
        return true;
    }

    /** The table named {@code name}, or null ({@code :ets.whereis/1}). */
    public static Tid whereis(Atom name) {
        return Tables.whereis(name);
    }

    /** Every table on this node ({@code :ets.all/0}). */
    public static List<Tid> all() {
        return Tables.all();
    }

    /** What there is to know about the table, or null if it does not exist ({@code :ets.info/1}). */
    public static Info info(Object tab) {
        Table t = Tables.lookup("info", tab);
        return t == null ? null : t.info();
    }

    /**
     * One item of what {@link #info(Object)} tells, as the term {@code :ets.info/2} gives, or
     * {@code :undefined} if the table does not exist. Any process may ask, even of a private table.
     * <pre>{@code
     * Ets.info(tab, Atom.of("size"))         // 3 (a Long)
     * Ets.info(tab, Atom.of("type"))         // :ordered_set
     * Ets.info(tab, Atom.of("heir"))         // :none, or the heir's pid
     * }</pre>
     * The items: {@code id}, {@code name}, {@code named_table}, {@code type}, {@code protection},
     * {@code owner}, {@code heir}, {@code keypos}, {@code size}, {@code memory}, {@code compressed}
     * (always false), {@code read_concurrency}, {@code write_concurrency}; any other is a badarg.
     */
    public static Object info(Object tab, Atom item) {
        Table t = Tables.lookup("info", tab);
        Object value = t == null ? Table.UNDEFINED : t.info(item);
        if (value == null) throw Tables.badarg("info", tab, "not an info item: " + Inspect.inspect(item));
        return value;
    }

    /**
     * Renames the table ({@code :ets.rename/2}); a named table then answers only to the new name.
     * Throws if a named table has the name already, even when that is this table. Returns the new
     * name (the BEAM returns the tid of an unnamed table).
     */
    public static Atom rename(Object tab, Atom name) {
        return Tables.rename(Tables.writable("rename", tab), name);
    }

    /**
     * Makes {@code pid} the table's owner and sends it {@code {:"ETS-TRANSFER", tab, self(), giftData}}
     * ({@code :ets.give_away/3}). Only the owner may, to another live local process.
     */
    public static boolean giveAway(Object tab, Pid pid, Object giftData) {
        Table t = Tables.owned("give_away", tab);
        if (pid == null || pid.equals(t.owner) || !Kernel.alive(pid)) {
            throw Tables.badarg("give_away", t, "the new owner " + pid + " must be a live local process other than the owner");
        }
        Tables.giveAway(t, pid, giftData);
        return true;
    }

    /** Sets or removes ({@link Option.Heir#NONE}) the table's heir ({@code :ets.setopts(tab, {:heir, ...})}); owner only. */
    public static boolean setopts(Object tab, Option.Heir heir) {
        Tables.owned("setopts", tab).heir = heir == null ? Option.Heir.NONE : heir;
        return true;
    }

    // ---------------------------------------------------------------- writing

    /** Inserts {@code object}, replacing the object with its key in a set ({@code :ets.insert/2}). */
    public static boolean insert(Object tab, Tuple object) {
        return writeObject("insert", tab, object, (store, o) -> {
            store.insert(o);
            return true;
        });
    }

    /** Checks {@code object} and does a single-key {@code write} of it. */
    private static boolean writeObject(String op, Object tab, Tuple object, BiFunction<Store<?>, Tuple, Boolean> write) {
        Table t = Tables.writable(op, tab);
        return t.shared(t.checkObject(op, object), write);
    }

    /** Inserts every object, atomically and in isolation as a whole. */
    public static boolean insert(Object tab, List<Tuple> objects) {
        Table t = Tables.writable("insert", tab);
        List<Tuple> checked = checkAll(t, "insert", objects);
        return t.exclusive(() -> {
            inListOrder(t, checked).forEach(t.store::insert);
            return true;
        });
    }

    /**
     * The order a list's objects go into the table: a bag takes them last first, as the BEAM's does
     * ({@code insert(bag, [{k, 1}, {k, 2}])} looks up as {@code [{k, 2}, {k, 1}]}); a set's last
     * object of a key wins and a duplicate_bag keeps the list's order.
     */
    private static List<Tuple> inListOrder(Table t, List<Tuple> objects) {
        return t.type == TableType.BAG ? objects.reversed() : objects;
    }

    /** Inserts {@code object} unless its key is there already; false then ({@code :ets.insert_new/2}). */
    public static boolean insertNew(Object tab, Tuple object) {
        Table t = Tables.writable("insert_new", tab);
        return t.shared(t.checkObject("insert_new", object), Store::insertNew);
    }

    /** Inserts all the objects if none of their keys is there, else none (false); atomic. */
    public static boolean insertNew(Object tab, List<Tuple> objects) {
        Table t = Tables.writable("insert_new", tab);
        List<Tuple> checked = checkAll(t, "insert_new", objects);
        return t.exclusive(() -> {
            if (checked.stream().anyMatch(o -> t.store.member(t.store.keyOf(o)))) return false;
            inListOrder(t, checked).forEach(t.store::insert);
            return true;
        });
    }

    private static List<Tuple> checkAll(Table t, String op, List<Tuple> objects) {
        if (objects == null) throw Tables.badarg(op, t, "not a list of tuples: nil");
        List<Tuple> out = new ArrayList<>(objects.size());
        for (Object o : objects) out.add(t.checkObject(op, o));
        return out;
    }

    /** Deletes the objects with {@code key} ({@code :ets.delete/2}). */
    public static boolean delete(Object tab, Object key) {
        return Tables.writable("delete", tab).shared(key, (store, k) -> {
            store.delete(k);
            return true;
        });
    }

    /** Deletes the objects exactly equal to {@code object}: all its copies in a duplicate_bag ({@code :ets.delete_object/2}). */
    public static boolean deleteObject(Object tab, Tuple object) {
        return writeObject("delete_object", tab, object, (store, o) -> {
            store.deleteObject(o);
            return true;
        });
    }

    /** Empties the table, atomically ({@code :ets.delete_all_objects/1}). */
    public static boolean deleteAllObjects(Object tab) {
        Table t = Tables.writable("delete_all_objects", tab);
        return t.exclusive(() -> {
            t.store.clear();
            return true;
        });
    }

    /** Removes and returns the objects with {@code key} ({@code :ets.take/2}). */
    public static List<Tuple> take(Object tab, Object key) {
        return Tables.writable("take", tab).shared(key, Store::take);
    }

    // ---------------------------------------------------------------- counters and elements

    /** Adds {@code incr} to the counter at position keypos + 1 of the key's object and returns it ({@code :ets.update_counter/3}). */
    public static long updateCounter(Object tab, Object key, long incr) {
        return updateCounter(tab, key, incr, null);
    }

    /**
     * Like {@link #updateCounter(Object, Object, long)}; if the key has no object, {@code missing}
     * (with its key replaced by {@code key}) is inserted first ({@code :ets.update_counter/4}).
     */
    public static long updateCounter(Object tab, Object key, long incr, Tuple missing) {
        Table t = Tables.writable("update_counter", tab);
        return counters(t, key, new Incr[] {new Incr(t.keypos + 1, incr)}, missing)[0];
    }

    /**
     * One {@code {pos, incr}} or {@code {pos, incr, threshold, setValue}} step on the key's object,
     * with {@code missing} (may be null) inserted first if the key has none
     * ({@code :ets.update_counter(tab, key, {pos, incr}, default)}); returns the new value.
     * <pre>{@code
     * Ets.updateCounter(tab, "page", new Incr(3, 1), Tuple.of("page", 0, 0));   // 1: {"page", 0, 1}
     * }</pre>
     */
    public static long updateCounter(Object tab, Object key, Incr op, Tuple missing) {
        return counters(Tables.writable("update_counter", tab), key, new Incr[] {op}, missing)[0];
    }

    /**
     * Applies {@code ops} in order to the key's object, atomically, and returns each new value
     * ({@code :ets.update_counter(tab, key, [{pos, incr} | {pos, incr, threshold, set}], default)}).
     * {@code missing} may be null. Only for sets and ordered sets; a counter must be an integer and
     * not the key.
     */
    public static List<Long> updateCounter(Object tab, Object key, List<Incr> ops, Tuple missing) {
        long[] results = counters(Tables.writable("update_counter", tab), key, ops.toArray(Incr[]::new), missing);
        return Arrays.stream(results).boxed().toList();
    }

    private static long[] counters(Table t, Object key, Incr[] ops, Tuple missing) {
        KeyStore store = keyStore(t, "update_counter");
        for (Incr op : ops) {
            if (op.pos() == t.keypos || op.pos() < 1) throw Tables.badarg("update_counter", t, "cannot update position " + op.pos() + " (the key is at " + t.keypos + ")");
        }
        Tuple dflt = missing == null ? null : t.checkObject("update_counter", missing).put(t.keypos - 1, key);
        Counting counting = new Counting(t, store, key, dflt, ops);
        if (t.shared(counting) == null) throw Tables.badarg("update_counter", t, "no object with key " + Inspect.inspect(key) + " and no default object");
        return counting.results;
    }

    /**
     * One {@code update_counter}: under the table's shared lock ({@link #get}), the key's object
     * changed by the increments in order ({@link #apply}, maybe run again if another write got there
     * first), each new value kept in {@link #results}. A class, not lambdas: this is the hot path.
     */
    private static final class Counting implements Supplier<Tuple>, UnaryOperator<Tuple> {
        private final Table t;
        private final KeyStore store;
        private final Object key;
        private final Tuple missing;
        private final Incr[] ops;
        final long[] results;

        Counting(Table t, KeyStore store, Object key, Tuple missing, Incr[] ops) {
            this.t = t;
            this.store = store;
            this.key = key;
            this.missing = missing;
            this.ops = ops;
            this.results = new long[ops.length];
        }

        @Override
        public Tuple get() {
            return store.update(key, missing, this);
        }

        @Override
        public Tuple apply(Tuple o) {
            Tuple changed = o;
            for (int i = 0; i < ops.length; i++) {
                Incr op = ops[i];
                results[i] = add(t, op, counterAt(t, changed, op.pos()));
                changed = changed.put(op.pos() - 1, results[i]);
            }
            return changed;
        }
    }

    private static long add(Table t, Incr op, long counter) {
        try {
            return op.apply(counter);
        } catch (ArithmeticException e) {
            throw Tables.badarg("update_counter", t, "the counter at position " + op.pos() + " would pass 64 bits: " + counter + " + " + op.incr());
        }
    }

    private static long counterAt(Table t, Tuple object, int pos) {
        if (pos > object.size()) throw Tables.badarg("update_counter", t, "position " + pos + " is past the object's " + object.size() + " elements");
        return switch (object.get(pos - 1)) {
            case Long l -> l;
            case Integer i -> i;
            case Short s -> s;
            case Byte b -> b;
            case BigInteger b when b.bitLength() < 64 -> b.longValue();
            case Object o -> throw Tables.badarg("update_counter", t, "the element at position " + pos + " is not a 64-bit integer: " + Inspect.inspect(o));
        };
    }

    /** Sets the element at {@code pos} of the key's object; false if there is none ({@code :ets.update_element/3}). */
    public static boolean updateElement(Object tab, Object key, int pos, Object value) {
        return updateElement(tab, key, List.of(Tuple.of(pos, value)));
    }

    /** Sets several elements, each change a {@code {pos, value}} tuple, in order, atomically; false if there is no object. */
    public static boolean updateElement(Object tab, Object key, List<Tuple> changes) {
        Table t = Tables.writable("update_element", tab);
        KeyStore store = keyStore(t, "update_element");
        for (Tuple c : changes) {
            if (c == null || c.size() != 2 || !(c.get(0) instanceof Integer pos) || pos < 1 || pos == t.keypos) {
                throw Tables.badarg("update_element", t, "not a {position, value} change of an element other than the key: " + c);
            }
        }
        Tuple updated = t.shared(() -> store.update(key, null, o -> {
            Tuple changed = o;
            for (Tuple c : changes) {
                int pos = (Integer) c.get(0);
                if (pos > o.size()) throw Tables.badarg("update_element", t, "position " + pos + " is past the object's " + o.size() + " elements");
                changed = changed.put(pos - 1, c.get(1));
            }
            return changed;
        }));
        return updated != null;
    }

    private static KeyStore keyStore(Table t, String op) {
        if (t.store instanceof KeyStore k) return k;
        throw Tables.badarg(op, t, "the table is a " + t.type.name().toLowerCase() + "; this works on a set or ordered_set only");
    }

    // ---------------------------------------------------------------- reading

    /** The objects with {@code key}: none or one in a set, oldest first in a bag ({@code :ets.lookup/2}). */
    public static List<Tuple> lookup(Object tab, Object key) {
        return Tables.readable("lookup", tab).read(key, Store::lookup);
    }

    /**
     * The element at {@code pos} of the key's object; for a bag, the list of that element of each of
     * the key's objects ({@code :ets.lookup_element/3}). Throws if there is no object or it is too short.
     */
    public static Object lookupElement(Object tab, Object key, int pos) {
        Table t = Tables.readable("lookup_element", tab);
        List<Tuple> objects = t.read(key, Store::lookup);
        if (objects.isEmpty()) throw Tables.badarg("lookup_element", t, "not a key that exists in the table: " + Inspect.inspect(key));
        List<Object> elements = new ArrayList<>(objects.size());
        for (Tuple o : objects) {
            if (pos < 1 || pos > o.size()) throw Tables.badarg("lookup_element", t, "position " + pos + " is out of range for " + o);
            elements.add(o.get(pos - 1));
        }
        return t.store instanceof KeyStore ? elements.getFirst() : List.copyOf(elements);
    }

    /** Whether there is an object with {@code key} ({@code :ets.member/2}). */
    public static boolean member(Object tab, Object key) {
        return Tables.readable("member", tab).read(key, Store::member);
    }

    /** The first key in the table's order, or {@link #END_OF_TABLE} ({@code :ets.first/1}). */
    public static Object first(Object tab) {
        Table t = Tables.readable("first", tab);
        return t.read(t.store::first);
    }

    /** The last key: in term order for an ordered_set, else the same as {@link #first} ({@code :ets.last/1}). */
    public static Object last(Object tab) {
        Table t = Tables.readable("last", tab);
        return t.read(t.store::last);
    }

    /**
     * The key after {@code key}, or {@link #END_OF_TABLE} ({@code :ets.next/2}). In an ordered_set,
     * {@code key} need not be there; elsewhere it must.
     */
    public static Object next(Object tab, Object key) {
        Table t = Tables.readable("next", tab);
        return step(t, "next", key, () -> t.store.next(key));
    }

    /** The key before {@code key} in an ordered_set; the same as {@link #next} elsewhere ({@code :ets.prev/2}). */
    public static Object prev(Object tab, Object key) {
        Table t = Tables.readable("prev", tab);
        return step(t, "prev", key, () -> t.store.prev(key));
    }

    private static Object step(Table t, String op, Object key, Supplier<Object> move) {
        try {
            return t.read(move);
        } catch (NoSuchElementException e) {
            throw Tables.badarg(op, t, "the key " + Inspect.inspect(key) + " is not in the table");
        }
    }

    /** Every object, in key order for an ordered_set ({@code :ets.tab2list/1}). */
    public static List<Tuple> tab2list(Object tab) {
        return select(tab, o -> true);
    }

    /**
     * Folds {@code fn} over every object, starting from {@code acc} ({@code :ets.foldl/3}). {@code fn}
     * runs in the caller without any lock held, so it may use the table.
     */
    public static <A> A foldl(Object tab, A acc, BiFunction<? super Tuple, A, A> fn) {
        Table t = Tables.readable("foldl", tab);
        A result = acc;
        for (Tuple o : objects(t)) result = fn.apply(o, result);
        return result;
    }

    /**
     * Folds {@code fn} over every object from the other end ({@code :ets.foldr/3}): in descending key
     * order for an ordered_set, in the same order as {@link #foldl} for the other types (whose last
     * and prev walk as first and next do).
     * <pre>{@code
     * // ordered_set {1}, {2}, {3}: prepending each key gives [1, 2, 3] (foldl gives [3, 2, 1])
     * List<Object> keys = Ets.foldr(tab, List.of(), (o, acc) -> Stream.concat(Stream.of(o.get(0)), acc.stream()).toList());
     * }</pre>
     */
    public static <A> A foldr(Object tab, A acc, BiFunction<? super Tuple, A, A> fn) {
        Table t = Tables.readable("foldr", tab);
        List<Tuple> objects = objects(t);
        A result = acc;
        for (Tuple o : t.type == TableType.ORDERED_SET ? objects.reversed() : objects) result = fn.apply(o, result);
        return result;
    }

    /** The objects, taken one by one, then handed out with no lock held. */
    private static List<Tuple> objects(Table t) {
        List<Tuple> out = new ArrayList<>();
        t.store.forEach(out::add);
        return out;
    }

    // ---------------------------------------------------------------- matching

    /**
     * For each object matching {@code pattern}, the list of what its variables {@code :"$0"},
     * {@code :"$1"}, … bound, in variable order ({@code :ets.match/2}). {@code :_} matches anything.
     * <pre>{@code Ets.match(tab, Tuple.of("$2", "$1", Atom.of("_")))   // [[1, :a], [2, :b]] for {:a, 1, _}, {:b, 2, _}}</pre>
     * (Variables are atoms: {@code Atom.of("$1")}, {@code Atom.of("_")}.) A pattern whose key is
     * fully given looks at that key's objects only.
     */
    public static List<List<Object>> match(Object tab, Object pattern) {
        Table t = Tables.readable("match", tab);
        Match m = new Match(pattern);
        List<List<Object>> out = new ArrayList<>();
        for (Tuple o : candidates(t, pattern)) {
            List<Object> b = m.bindings(o);
            if (b != null) out.add(b);
        }
        return out;
    }

    /** The objects matching {@code pattern} ({@code :ets.match_object/2}); see {@link #match}. */
    public static List<Tuple> matchObject(Object tab, Object pattern) {
        Table t = Tables.readable("match_object", tab);
        Match m = new Match(pattern);
        return candidates(t, pattern).stream().filter(m::matches).toList();
    }

    /** Deletes the objects matching {@code pattern} ({@code :ets.match_delete/2}). */
    public static boolean matchDelete(Object tab, Object pattern) {
        Match m = new Match(pattern);
        Table t = Tables.writable("match_delete", tab);
        deleteWhere(t, candidates(t, pattern), m::matches);
        return true;
    }

    /** The objects a pattern can match: those of its key when the key is given, else all. */
    private static List<Tuple> candidates(Table t, Object pattern) {
        if (pattern instanceof Tuple p && p.size() >= t.keypos && Match.isGround(p.get(t.keypos - 1))) {
            return t.read(p.get(t.keypos - 1), Store::lookup);
        }
        return objects(t);
    }

    /**
     * The objects for which {@code filter} holds, in key order for an ordered_set: the Java form of
     * {@code :ets.select/2}. Where it differs from a match specification: the functions are Java code
     * run in the caller on each object (no lock held), so they can do anything (and must not change
     * the objects); there is no {@code :"$_"}/{@code :"$$"} result shape (use
     * {@link #select(Object, Predicate, Function)}), no continuation with a limit, and it cannot be
     * sent to or run on another node.
     */
    public static List<Tuple> select(Object tab, Predicate<? super Tuple> filter) {
        return select(tab, filter, o -> o);
    }

    /** {@code fn} of each object for which {@code filter} holds: a match specification's guard and body. */
    public static <T> List<T> select(Object tab, Predicate<? super Tuple> filter, Function<? super Tuple, ? extends T> fn) {
        Table t = Tables.readable("select", tab);
        List<T> out = new ArrayList<>();
        for (Tuple o : objects(t)) if (filter.test(o)) out.add(fn.apply(o));
        return out;
    }

    /** How many objects {@code filter} holds for ({@code :ets.select_count/2}). */
    public static long selectCount(Object tab, Predicate<? super Tuple> filter) {
        Table t = Tables.readable("select_count", tab);
        return objects(t).stream().filter(filter).count();
    }

    /** Deletes the objects {@code filter} holds for and returns how many ({@code :ets.select_delete/2}). */
    public static long selectDelete(Object tab, Predicate<? super Tuple> filter) {
        Table t = Tables.writable("select_delete", tab);
        return deleteWhere(t, objects(t), filter);
    }

    private static long deleteWhere(Table t, List<Tuple> candidates, Predicate<? super Tuple> filter) {
        long n = 0;
        for (Tuple o : candidates) {
            if (filter.test(o)) {
                t.shared(() -> {
                    t.store.deleteObject(o);
                    return null;
                });
                n++;
            }
        }
        return n;
    }
}
