package dev.weft.otp;

import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Inspectable;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A local, named key → process registry: Elixir's {@code Registry}. With {@link Keys#UNIQUE}
 * keys a key has at most one process; with {@link Keys#DUPLICATE} keys any number (a pub/sub
 * topic). A process registers and unregisters only itself; its entries go away when it exits.
 * A registry also names servers: pass a {@link Via} wherever a GenServer or Agent takes a name.
 *
 * <pre>{@code
 * Registry.startLink(Registry.Keys.UNIQUE, Atom.of("rooms"));
 * Registry.register(Atom.of("rooms"), "lobby", 42);          // {:ok, owner}
 * List<Registry.Entry> found = Registry.lookup(Atom.of("rooms"), "lobby");
 * // [{self(), 42}]
 *
 * var name = new Registry.Via(Atom.of("rooms"), "kitchen");
 * Pid agent = Agent.start(() -> 0, name);
 * Agent.update(name, n -> (int) n + 1);
 * }</pre>
 *
 * <p>Reads ({@link #lookup}, {@link #dispatch}, {@link #keys}) and writes go straight to the
 * registry's tables from the calling process, as Elixir's go to ETS; the registry process only
 * cleans up after processes that exit (it links to them and traps exits). Entries of a process that
 * has exited but not yet been cleaned up are never returned. Thread-safe.
 */
public final class Registry {
    private static final Atom ALREADY_REGISTERED = Atom.of("already_registered");

    private Registry() {}

    /** Whether a key may have one process or many. */
    public enum Keys { UNIQUE, DUPLICATE }

    /** One registration: Elixir's {@code {pid, value}}. */
    public record Entry(Pid pid, Object value) implements Inspectable {
        @Override
        public String toString() {
            return "{" + pid + ", " + Inspect.inspect(value) + "}";
        }
    }

    /** A server name in a registry: Elixir's {@code {:via, Registry, {registry, key}}}. */
    public record Via(Atom registry, Object key) implements ViaName, Inspectable {
        public Via {
            if (registry == null) throw new IllegalArgumentException("a via name needs a registry (key " + Inspect.inspect(key) + ")");
        }

        @Override
        public Pid register() {
            return add(RegistryTable.of(registry), key, null);
        }

        @Override
        public void unregister() {
            Registry.unregister(registry, key);
        }

        @Override
        public Pid whereis() {
            List<Entry> found = lookup(registry, key);
            return found.isEmpty() ? null : found.getFirst().pid();
        }

        @Override
        public String toString() {
            return "{:via, Registry, {" + registry + ", " + Inspect.inspect(key) + "}}";
        }
    }

    /** Starts a registry registered as {@code name}, linked to the caller. */
    public static Pid startLink(Keys keys, Atom name) {
        if (keys == null || name == null) throw new IllegalArgumentException("a registry needs keys and a name (got " + keys + ", " + name + ")");
        return GenServer.startLink(new RegistryTable(name, keys), name);
    }

    /** A child spec that starts the registry under a supervisor. */
    public static ChildSpec childSpec(Keys keys, Atom name) {
        return ChildSpec.supervisor(name, () -> startLink(keys, name));
    }

    /**
     * Registers the caller under {@code key} with {@code value}: {@code {:ok, registryPid}}, or for a
     * unique key held by a live process, {@code {:error, {:already_registered, pid}}}.
     */
    public static Tuple register(Atom registry, Object key, Object value) {
        RegistryTable t = RegistryTable.of(registry);
        Pid holder = add(t, key, value);
        return holder == null ? Tuple.of(Atom.OK, t.owner()) : Tuple.of(Atom.ERROR, Tuple.of(ALREADY_REGISTERED, holder));
    }

    /** Removes the caller's entries under {@code key}; no effect if it has none. */
    public static void unregister(Atom registry, Object key) {
        RegistryTable.of(registry).remove(key, Kernel.self(), value -> true);
    }

    /**
     * Removes the caller's entries under {@code key} whose value {@code value} holds for
     * ({@code Registry.unregister_match/4}, the pattern and guards as a Java predicate).
     *
     * <pre>{@code
     * Registry.unregisterMatch(Atom.of("topics"), "news", v -> v instanceof Integer n && n < 10);
     * }</pre>
     */
    public static void unregisterMatch(Atom registry, Object key, Predicate<Object> value) {
        RegistryTable.of(registry).remove(key, Kernel.self(), value);
    }

    /** The live entries under {@code key}, in registration order. */
    public static List<Entry> lookup(Atom registry, Object key) {
        return RegistryTable.of(registry).lookup(key);
    }

    /**
     * The live entries under {@code key} whose value {@code value} holds for ({@code Registry.match/3}):
     * the Java form of a match pattern, as {@code Ets.select} takes, run in the caller.
     *
     * <pre>{@code
     * Registry.match(Atom.of("rooms"), "lobby", v -> v instanceof Integer n && n > 40);   // [{self(), 42}]
     * }</pre>
     */
    public static List<Entry> match(Atom registry, Object key, Predicate<Object> value) {
        return lookup(registry, key).stream().filter(e -> value.test(e.value())).toList();
    }

    /** How many live entries under {@code key} {@code value} holds for ({@code Registry.count_match/3}). */
    public static int countMatch(Atom registry, Object key, Predicate<Object> value) {
        return match(registry, key, value).size();
    }

    /**
     * For every live entry, as {@code {key, pid, value}}, for which {@code filter} holds, what
     * {@code map} makes of it ({@code Registry.select/2} with a match specification's guard and body
     * as Java functions). No order between keys, as in Elixir.
     *
     * <pre>{@code
     * List<Object> keys = Registry.select(Atom.of("rooms"), e -> e.get(1).equals(self()), e -> e.get(0));
     * }</pre>
     */
    public static <T> List<T> select(Atom registry, Predicate<Tuple> filter, Function<Tuple, T> map) {
        return RegistryTable.of(registry).all().stream().filter(filter).map(map).toList();
    }

    /** How many live entries, as {@code {key, pid, value}}, {@code filter} holds for ({@code Registry.count_select/2}). */
    public static int countSelect(Atom registry, Predicate<Tuple> filter) {
        return (int) RegistryTable.of(registry).all().stream().filter(filter).count();
    }

    /** Calls {@code fn} in the caller with the entries under {@code key}, if there are any. */
    public static void dispatch(Atom registry, Object key, Consumer<List<Entry>> fn) {
        List<Entry> entries = lookup(registry, key);
        if (!entries.isEmpty()) fn.accept(entries);
    }

    /**
     * Applies {@code fn} to the value of the caller's entry under {@code key} in a unique registry
     * ({@code Registry.update_value/3}): {@code {new, old}}, or {@code :error} if the caller does not
     * hold the key. Throws IllegalArgumentException for a duplicate registry, as Elixir does.
     */
    public static Object updateValue(Atom registry, Object key, UnaryOperator<Object> fn) {
        RegistryTable t = RegistryTable.of(registry);
        if (t.keys != Keys.UNIQUE) {
            throw new IllegalArgumentException("Registry.updateValue is not supported for duplicate registries (" + registry + ", key " + key + ")");
        }
        return t.update(key, Kernel.self(), fn);
    }

    /** The values {@code pid} registered under {@code key}, in order ({@code Registry.values/3}). */
    public static List<Object> values(Atom registry, Object key, Pid pid) {
        return RegistryTable.of(registry).values(key, pid);
    }

    /** The metadata under {@code key}: {@code {:ok, value}}, or {@code :error} if there is none ({@code Registry.meta/2}). */
    public static Object meta(Atom registry, Object key) {
        Object value = RegistryTable.of(registry).meta.get(metaKey(key));
        return value == null ? Atom.ERROR : Tuple.of(Atom.OK, value);
    }

    /** Stores {@code value} as the metadata under {@code key}, an Atom or a Tuple ({@code Registry.put_meta/3}). */
    public static void putMeta(Atom registry, Object key, Object value) {
        if (value == null) throw new IllegalArgumentException("registry " + registry + " metadata " + key + " needs a value");
        RegistryTable.of(registry).meta.put(metaKey(key), value);
    }

    /** Removes the metadata under {@code key} ({@code Registry.delete_meta/2}). */
    public static void deleteMeta(Atom registry, Object key) {
        RegistryTable.of(registry).meta.remove(metaKey(key));
    }

    private static Object metaKey(Object key) {
        if (key instanceof Atom || key instanceof Tuple) return key;
        throw new IllegalArgumentException("a registry metadata key is an Atom or a Tuple, not " + Inspect.inspect(key));
    }

    /** The keys {@code pid} is registered under. */
    public static List<Object> keys(Atom registry, Pid pid) {
        return RegistryTable.of(registry).keysOf(pid);
    }

    /** How many entries the registry holds. */
    public static int count(Atom registry) {
        return RegistryTable.of(registry).count();
    }

    /** Throws unless {@code via} can name a process: its registry exists and has unique keys. */
    static void checkName(Via via) {
        if (RegistryTable.of(via.registry()).keys != Keys.UNIQUE) {
            throw new IllegalArgumentException("cannot use " + via + " as a name: registry " + via.registry() + " has duplicate keys");
        }
    }

    /** Links the caller to the registry and adds its entry: null, or the live pid holding a unique key. */
    private static Pid add(RegistryTable t, Object key, Object value) {
        Kernel.link(t.owner());
        return t.add(key, Kernel.self(), value);
    }
}
