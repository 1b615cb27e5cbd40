package dev.weft.ets;

import dev.weft.term.Tuple;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One object per key: a {@code set} (hash map, exact keys) or an {@code ordered_set} (skip list in term
 * order). Each key's object sits in a {@link Cell} that writers change with a compare-and-set, so
 * writes to a key that is there (an {@code insert} over it, {@code update_counter}) never lock the
 * map's bin: two processes counting on one hot key cost a cache line each, not a contended monitor.
 * A removed key's cell is marked {@link #DEAD} before it leaves the map; whoever meets a dead cell
 * helps remove it and tries again.
 */
final class KeyStore extends Store<KeyStore.Cell> {
    /** A key's object. */
    static final class Cell {
        private static final VarHandle VALUE;

        static {
            try {
                VALUE = MethodHandles.lookup().findVarHandle(Cell.class, "value", Tuple.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        volatile Tuple value;

        Cell(Tuple value) {
            this.value = value;
        }

        boolean swap(Tuple expected, Tuple next) {
            return VALUE.compareAndSet(this, expected, next);
        }
    }

    /** The value of a cell whose key was removed (a tuple no one else has). */
    private static final Tuple DEAD = Tuple.of(new Object());

    private final ConcurrentNavigableMap<Object, Cell> ordered;
    /**
     * Ordered set: changes to the set of keys (a key added or removed) begun and ended. While they are
     * equal and stay so, the keys stand still, and a walk's {@link Finger} may go on where it left off.
     */
    private final AtomicLong keysBegun, keysEnded;
    /** Ordered set: each process's place in its walk ({@link #next}). */
    private final ThreadLocal<Finger> fingers;

    /**
     * Where a process's last {@code next} left off: the key it returned, and an iterator standing after
     * it, made when {@link #keysBegun} was {@code base}. As the BEAM keeps the path of an ordered_set's
     * last search, so that a walk with {@code next} does not search from the top for every key.
     */
    private static final class Finger {
        Object last;
        long base;
        Iterator<Map.Entry<Object, Cell>> it;
    }

    private KeyStore(int kp, ConcurrentHashMap<Object, Cell> map) {
        super(kp, map);
        this.ordered = null;
        this.keysBegun = this.keysEnded = null;
        this.fingers = null;
    }

    private KeyStore(int kp, ConcurrentNavigableMap<Object, Cell> map) {
        super(kp, map);
        this.ordered = map;
        this.keysBegun = new AtomicLong();
        this.keysEnded = new AtomicLong();
        this.fingers = ThreadLocal.withInitial(Finger::new);
    }

    /** Before a change that may add or remove a key (ordered set: walks in progress search again). */
    private void keysChanging() {
        if (keysBegun != null) keysBegun.incrementAndGet();
    }

    /** After it, whether or not it did. */
    private void keysChanged() {
        if (keysEnded != null) keysEnded.incrementAndGet();
    }

    /** A new key's cell, if the key has none; false if it has. */
    private boolean addKey(Object k, Tuple object) {
        keysChanging();
        try {
            if (map.putIfAbsent(k, new Cell(object)) != null) return false;
        } finally {
            keysChanged();
        }
        size.increment();
        return true;
    }

    static KeyStore set(int kp) {
        return new KeyStore(kp, new ConcurrentHashMap<>());
    }

    static KeyStore orderedSet(int kp) {
        return new KeyStore(kp, new ConcurrentSkipListMap<>(TermOrder.INSTANCE));
    }

    @Override
    Object mapKey(Object key) {
        return ordered != null ? key : Terms.canon(key);
    }

    /** The cell's object; null if its key was removed. */
    @Override
    Tuple sample(Cell cell) {
        Tuple v = cell.value;
        return v == DEAD ? null : v;
    }

    /** The live cell of map key {@code k}, or null; removes a dead one it meets. */
    private Cell cell(Object k) {
        for (;;) {
            Cell c = map.get(k);
            if (c == null || c.value != DEAD) return c;
            map.remove(k, c);
        }
    }

    @Override
    void insert(Tuple object) {
        Object k = mapKey(keyOf(object));
        for (;;) {
            Cell c = cell(k);
            if (c == null) {
                if (addKey(k, object)) return;
            } else {
                Tuple v = c.value;
                if (v != DEAD && c.swap(v, object)) return;
            }
        }
    }

    @Override
    boolean insertNew(Tuple object) {
        Object k = mapKey(keyOf(object));
        for (;;) {
            if (cell(k) != null) return false;
            if (addKey(k, object)) return true;
        }
    }

    /** The key's object, or null. */
    Tuple get(Object key) {
        Cell c = map.get(mapKey(key));
        return c == null ? null : sample(c);
    }

    @Override
    boolean member(Object key) {
        return get(key) != null;
    }

    @Override
    List<Tuple> lookup(Object key) {
        Tuple t = get(key);
        return t == null ? List.of() : List.of(t);
    }

    @Override
    List<Tuple> take(Object key) {
        Tuple t = removeIf(mapKey(key), null);
        return t == null ? List.of() : List.of(t);
    }

    @Override
    void deleteObject(Tuple object) {
        removeIf(mapKey(keyOf(object)), object);
    }

    /** Removes the object of map key {@code k} (only if exactly equal to {@code object}, unless that is null) and returns it, or null. */
    private Tuple removeIf(Object k, Tuple object) {
        for (;;) {
            Cell c = cell(k);
            if (c == null) return null;
            Tuple v = c.value;
            if (v == DEAD) continue;
            if (object != null && !Terms.exactlyEqual(v, object)) return null;
            keysChanging();
            try {
                if (!c.swap(v, DEAD)) continue;
                map.remove(k, c);
            } finally {
                keysChanged();
            }
            size.decrement();
            return v;
        }
    }

    /**
     * Replaces the key's object by {@code change} of it, atomically (a compare-and-set loop, so
     * {@code change} must be free of side effects). With no object, {@code change} applies to
     * {@code missing}, or nothing happens and null is returned when {@code missing} is null.
     */
    Tuple update(Object key, Tuple missing, UnaryOperator<Tuple> change) {
        Object k = mapKey(key);
        for (int lost = 0;; lost++) {
            if (lost > 0) backOff(lost);
            Cell c = cell(k);
            if (c == null) {
                if (missing == null) return null;
                Tuple created = change.apply(missing);
                if (addKey(k, created)) return created;
            } else {
                Tuple old = c.value;
                if (old == DEAD) continue;
                Tuple changed = change.apply(old);
                if (c.swap(old, changed)) return changed;
            }
        }
    }

    /**
     * After losing a compare-and-set to another writer of the key: spins 2^lost pauses (at most 1,024).
     * Without it, two processes counting on one key took turns failing, each retry a new tuple.
     */
    private static void backOff(int lost) {
        for (int i = 1 << Math.min(lost, 10); i > 0; i--) Thread.onSpinWait();
    }

    @Override
    void forEach(Consumer<Tuple> action) {
        for (Cell c : map.values()) {
            Tuple v = sample(c);
            if (v != null) action.accept(v);
        }
    }

    @Override
    Object first() {
        return ordered == null ? super.first() : keyOf(live(ordered.firstEntry(), true));
    }

    @Override
    Object last() {
        return ordered == null ? super.last() : keyOf(live(ordered.lastEntry(), false));
    }

    @Override
    void clear() {
        keysChanging();
        try {
            super.clear();
        } finally {
            keysChanged();
        }
    }

    /**
     * Ordered set: the key after {@code key}; a walk (a {@code next} of the key the caller's last
     * {@code next} returned) goes on from where that one left off while no key has come or gone.
     */
    @Override
    Object next(Object key) {
        if (ordered == null) return super.next(key);
        Finger f = fingers.get();
        Object n = f.last != null && (f.last == key || f.last.equals(key)) ? onFrom(f) : null;
        if (n == null) {
            f.it = null;
            n = keyOf(live(ordered.higherEntry(key), true));
        }
        f.last = n == Ets.END_OF_TABLE ? null : n;
        return n;
    }

    /**
     * The key after {@code f.last} from {@code f}'s iterator (made now if it has none or keys changed
     * since it was), or null if keys are changing: the caller then searches.
     */
    private Object onFrom(Finger f) {
        long base = keysBegun.get();
        if (f.it == null || f.base != base) {
            if (keysEnded.get() != base) return null;   // read after keysBegun: a change under way
            f.it = ordered.tailMap(f.last, false).entrySet().iterator();
            f.base = base;
        }
        Tuple v = null;
        if (f.it.hasNext() && (v = sample(f.it.next().getValue())) == null) return null;
        // Read after the iterator: a key added or removed that it may have seen had keysBegun moved first.
        if (keysBegun.get() != base) return null;
        return v == null ? Ets.END_OF_TABLE : keyOf(v);
    }

    @Override
    Object prev(Object key) {
        return ordered == null ? super.prev(key) : keyOf(live(ordered.lowerEntry(key), false));
    }

    /** {@code e}, or the nearest entry past it (upwards if {@code up}) whose key was not removed. */
    private Map.Entry<Object, Cell> live(Map.Entry<Object, Cell> e, boolean up) {
        while (e != null && sample(e.getValue()) == null) e = up ? ordered.higherEntry(e.getKey()) : ordered.lowerEntry(e.getKey());
        return e;
    }

    private Object keyOf(Map.Entry<Object, Cell> e) {
        Tuple v = e == null ? null : sample(e.getValue());
        return v == null ? Ets.END_OF_TABLE : keyOf(v);
    }
}
