package dev.weft.otp;

import dev.weft.otp.Registry.Entry;
import dev.weft.otp.Registry.Keys;
import dev.weft.process.Exit;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The tables of one registry (Elixir keeps them in ETS): entries by key, and keys by pid for the
 * cleanup. Processes write their own entries; the registry process, linked to every registered
 * process and trapping exits, removes a process's entries when it exits.
 */
final class RegistryTable implements GenServer<RegistryTable> {
    private static final ConcurrentHashMap<Atom, RegistryTable> TABLES = new ConcurrentHashMap<>();

    final Atom name;
    final Keys keys;
    private volatile Pid owner;
    private final ConcurrentHashMap<Object, List<Entry>> byKey = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Pid, List<Object>> byPid = new ConcurrentHashMap<>();
    /** The registry's metadata ({@code Registry.meta/2}). */
    final ConcurrentHashMap<Object, Object> meta = new ConcurrentHashMap<>();

    RegistryTable(Atom name, Keys keys) {
        this.name = name;
        this.keys = keys;
    }

    /** The live registry named {@code name}; throws if there is none. */
    static RegistryTable of(Atom name) {
        RegistryTable t = TABLES.get(name);
        if (t == null || !Kernel.alive(t.owner)) {
            throw new IllegalArgumentException("unknown registry: " + name + " (start it with Registry.startLink first; caller "
                    + Kernel.self() + ")");
        }
        return t;
    }

    Pid owner() {
        return owner;
    }

    // ---------------------------------------------------------------- the registry process

    @Override
    public Init<RegistryTable> init() {
        Kernel.trapExit(true);
        owner = Kernel.self();
        TABLES.put(name, this);
        return new Ok<>(this);
    }

    @Override
    public Result<RegistryTable> handleInfo(Object message, RegistryTable state) {
        if (message instanceof Exit e) removeAll(e.from());
        return new NoReply<>(state);
    }

    @Override
    public void terminate(Object reason, RegistryTable state) {
        TABLES.remove(name, this);
    }

    // ---------------------------------------------------------------- entries

    /** Adds an entry for {@code pid}; for unique keys, returns the live pid that holds the key instead, or null. */
    Pid add(Object key, Pid pid, Object value) {
        Entry mine = new Entry(pid, value);
        List<Entry> now = byKey.compute(key, (k, old) -> {
            if (old == null) return List.of(mine);
            if (keys == Keys.UNIQUE) return Kernel.alive(old.getFirst().pid()) ? old : List.of(mine);
            List<Entry> more = new ArrayList<>(old);
            more.add(mine);
            return List.copyOf(more);
        });
        if (keys == Keys.UNIQUE && now.getFirst() != mine) return now.getFirst().pid();
        byPid.compute(pid, (p, old) -> {
            List<Object> more = old == null ? new ArrayList<>() : new ArrayList<>(old);
            more.add(key);
            return more;
        });
        return null;
    }

    /** Removes {@code pid}'s entries under {@code key} whose value {@code value} holds for. */
    void remove(Object key, Pid pid, Predicate<Object> value) {
        int[] removed = {0};
        byKey.computeIfPresent(key, (k, old) -> {
            List<Entry> rest = old.stream().filter(e -> !e.pid().equals(pid) || !value.test(e.value())).toList();
            removed[0] = old.size() - rest.size();
            return rest.isEmpty() ? null : rest;
        });
        byPid.computeIfPresent(pid, (p, old) -> {   // one key per entry: drop as many as went
            List<Object> rest = new ArrayList<>(old);
            for (int i = 0; i < removed[0]; i++) rest.remove(key);
            return rest.isEmpty() ? null : rest;
        });
    }

    /** Removes every entry of {@code pid}, which has exited. */
    void removeAll(Pid pid) {
        List<Object> its = byPid.remove(pid);
        if (its != null) for (Object key : its) byKey.computeIfPresent(key, (k, old) -> without(old, pid));
    }

    private static List<Entry> without(List<Entry> entries, Pid pid) {
        List<Entry> rest = entries.stream().filter(e -> !e.pid().equals(pid)).toList();
        return rest.isEmpty() ? null : rest;
    }

    /** The entries under {@code key} whose process is alive. */
    List<Entry> lookup(Object key) {
        List<Entry> all = byKey.get(key);
        return all == null ? List.of() : all.stream().filter(e -> Kernel.alive(e.pid())).toList();
    }

    /** Every live entry as {@code {key, pid, value}}, key by key (no order between keys). */
    List<Tuple> all() {
        List<Tuple> out = new ArrayList<>();
        byKey.forEach((key, entries) -> {
            for (Entry e : entries) {
                if (Kernel.alive(e.pid())) out.add(Tuple.of(key, e.pid(), e.value()));
            }
        });
        return out;
    }

    /**
     * Replaces the value of {@code pid}'s entry under a unique {@code key} with {@code fn} of it:
     * {@code {new, old}}, or {@code :error} if {@code pid} does not hold the key.
     */
    Object update(Object key, Pid pid, UnaryOperator<Object> fn) {
        List<Entry> now = byKey.get(key);   // only pid, the caller, changes or removes its own entry
        if (now == null || !now.getFirst().pid().equals(pid)) return Atom.ERROR;
        Object old = now.getFirst().value();
        Object next = fn.apply(old);
        byKey.put(key, List.of(new Entry(pid, next)));
        return Tuple.of(next, old);
    }

    /** The values of {@code pid}'s entries under {@code key}, in registration order. */
    List<Object> values(Object key, Pid pid) {
        List<Entry> all = byKey.get(key);
        return all == null ? List.of() : all.stream().filter(e -> e.pid().equals(pid)).map(Entry::value).toList();
    }

    List<Object> keysOf(Pid pid) {
        List<Object> its = byPid.get(pid);
        return its == null ? List.of() : List.copyOf(its);
    }

    int count() {
        return byKey.values().stream().mapToInt(List::size).sum();
    }
}
