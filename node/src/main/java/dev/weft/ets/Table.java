package dev.weft.ets;

import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.StampedLock;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * One table: its options, its owner, its objects and its lock. Operations on several keys at once
 * ({@code insert} of a list, {@code deleteAllObjects}, deleting the table) take the lock exclusively,
 * so each is atomic and isolated. Single-key reads run optimistically, without writing to anything
 * shared; single-key writes and walks announce themselves in one of {@link #STRIPES} counters (picked
 * by thread) instead of the lock's own word, so processes writing at once do not all bounce one cache
 * line, and an exclusive operation waits for the counters to empty.
 */
final class Table {
    private static final AtomicLong IDS = new AtomicLong(1);
    /** Base memory of an empty table and per-object overhead, in words, close to the BEAM's. */
    private static final long BASE_WORDS = 305, OBJECT_WORDS = 3;

    final Tid tid;
    final TableType type;
    final Access access;
    /** 1-based, as in ETS. */
    final int keypos;
    final boolean readConcurrency, writeConcurrency;
    final Store<?> store;
    private final StampedLock lock = new StampedLock();
    /** Shared operations in progress, per stripe (a stripe every {@link #PAD} longs: one cache line each). */
    private final AtomicLongArray shared = new AtomicLongArray(STRIPES * PAD);
    private static final int STRIPES = 16;
    private static final int PAD = 8;
    volatile Atom name;
    volatile boolean named;
    volatile Pid owner;
    volatile Option.Heir heir;
    volatile boolean deleted;

    Table(Atom name, Options o, Pid owner) {
        this.tid = new Tid(IDS.getAndIncrement(), this);
        this.name = name;
        this.named = o.named;
        this.type = o.type;
        this.access = o.access;
        this.keypos = o.keypos;
        this.readConcurrency = o.readConcurrency;
        this.writeConcurrency = o.writeConcurrency;
        this.heir = o.heir;
        this.owner = owner;
        this.store = switch (type) {
            case SET -> KeyStore.set(keypos - 1);
            case ORDERED_SET -> KeyStore.orderedSet(keypos - 1);
            case BAG -> new BagStore(keypos - 1, false);
            case DUPLICATE_BAG -> new BagStore(keypos - 1, true);
        };
    }

    /** The options of a new table, last one wins as in {@code :ets.new/2}. */
    static final class Options {
        TableType type = TableType.SET;
        Access access = Access.PROTECTED;
        int keypos = 1;
        boolean named, readConcurrency, writeConcurrency;
        Option.Heir heir = Option.Heir.NONE;

        Options(Option... options) {
            for (Option o : options) {
                switch (o) {
                    case null -> throw new IllegalArgumentException("ets.new: an option is null");
                    case TableType t -> type = t;
                    case Access a -> access = a;
                    case Option.NamedTable n -> named = true;
                    case Option.Keypos(int pos) -> {
                        if (pos < 1) throw new IllegalArgumentException("ets.new: invalid options: keypos must be 1 or more, got " + pos);
                        keypos = pos;
                    }
                    case Option.Heir h -> heir = h;
                    case Option.ReadConcurrency(boolean on) -> readConcurrency = on;
                    case Option.WriteConcurrency(boolean on) -> writeConcurrency = on;
                }
            }
        }
    }

    /** What the BEAM calls this table in messages and errors: its name if named, else its tid. */
    Object ident() {
        return named ? name : tid;
    }

    /**
     * A single-key read, {@code op(store, arg)}: optimistic, retried under the shared lock if a
     * multi-key write ran meanwhile. The argument is passed, not captured, so that the hot operations
     * (lookup, insert, take) make no lambda per call.
     */
    <A, T> T read(A arg, BiFunction<Store<?>, A, T> op) {
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            T result = op.apply(store, arg);
            if (lock.validate(stamp)) return result;
        }
        return shared(arg, op);
    }

    <T> T read(Supplier<T> op) {
        return read(op, (store, o) -> o.get());
    }

    /** A single-key write, or a walk, {@code op(store, arg)}: shared with each other, excluded from multi-key writes. */
    <A, T> T shared(A arg, BiFunction<Store<?>, A, T> op) {
        int stripe = (int) (Thread.currentThread().threadId() & (STRIPES - 1)) * PAD;
        for (;;) {
            shared.getAndIncrement(stripe);
            if (!lock.isWriteLocked()) break;   // read after announcing: an exclusive one sees us or we see it
            shared.getAndDecrement(stripe);
            for (int spins = 0; lock.isWriteLocked(); spins++) backOff(spins);
        }
        try {
            return op.apply(store, arg);
        } finally {
            shared.getAndDecrement(stripe);
        }
    }

    <T> T shared(Supplier<T> op) {
        return shared(op, (store, o) -> o.get());
    }

    /** Waiting for the other mode to end: yields a while (it is usually a single-key operation), then sleeps in short steps (a long walk, a large list insert). */
    private static void backOff(int spins) {
        if (spins < 100) Thread.yield();
        else LockSupport.parkNanos(50_000);
    }

    /** A multi-key write: nothing else runs on the table meanwhile. */
    <T> T exclusive(Supplier<T> op) {
        long stamp = lock.writeLock();
        try {
            for (int i = 0; i < STRIPES * PAD; i += PAD) {
                for (int spins = 0; shared.get(i) != 0; spins++) backOff(spins);
            }
            return op.get();
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Checks that {@code object} can go in this table; nothing is changed if it cannot. */
    Tuple checkObject(String op, Object object) {
        if (object instanceof Tuple t && t.size() >= keypos) return t;
        throw Tables.badarg(op, this, "not a tuple of at least " + keypos + " elements (the key position): "
                + Inspect.inspect(object));
    }

    long memory() {
        long[] words = {BASE_WORDS};
        store.forEach(o -> words[0] += OBJECT_WORDS + Terms.words(o));
        return words[0];
    }

    Info info() {
        Option.Heir h = heir;
        return new Info(tid, name, type, access, owner, h.pid(), named, keypos, store.size(), memory(),
                readConcurrency, writeConcurrency);
    }

    /** What {@code :ets.info/2} answers for a table that does not exist. */
    static final Atom UNDEFINED = Atom.of("undefined");
    private static final Atom NONE = Atom.of("none");

    /** The {@code :ets.info/2} item {@code item}, as a term; null if there is no such item. */
    Object info(Atom item) {
        return switch (item.name()) {
            case "id" -> tid;
            case "name" -> name;
            case "named_table" -> named;
            case "type" -> Atom.of(type.name().toLowerCase());
            case "protection" -> Atom.of(access.name().toLowerCase());
            case "owner" -> owner;
            case "heir" -> heir.pid() == null ? NONE : heir.pid();
            case "keypos" -> keypos;
            case "size" -> store.size();
            case "memory" -> memory();
            case "compressed" -> false;
            case "read_concurrency" -> readConcurrency;
            case "write_concurrency" -> writeConcurrency;
            default -> null;
        };
    }

    /** The message that tells {@code to} it now owns this table. */
    Tuple transferMessage(Pid from, Object data) {
        return Tuple.of(Tables.ETS_TRANSFER, ident(), from, data);
    }

    boolean ownedByCaller() {
        return Kernel.self().equals(owner);
    }
}
