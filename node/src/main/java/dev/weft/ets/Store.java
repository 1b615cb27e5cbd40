package dev.weft.ets;

import dev.weft.term.Tuple;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The objects of a table, by key: {@code V} is one object ({@link KeyStore}) or the list of a
 * key's objects ({@link BagStore}). Every method is atomic for its key; the {@link Table} lock
 * makes operations on several keys isolated.
 */
abstract sealed class Store<V> permits KeyStore, BagStore {
    /** The 0-based position of the key in an object. */
    final int kp;
    final ConcurrentMap<Object, V> map;
    final LongAdder size = new LongAdder();

    Store(int kp, ConcurrentMap<Object, V> map) {
        this.kp = kp;
        this.map = map;
    }

    /** The map key for a term key: its canonical form in a hash table, itself in an ordered one. */
    Object mapKey(Object key) {
        return Terms.canon(key);
    }

    Object keyOf(Tuple object) {
        return object.get(kp);
    }

    /** One of the key's objects, for its key as the user wrote it; null if the key was just removed. */
    abstract Tuple sample(V value);

    abstract void insert(Tuple object);

    /** Inserts unless the key is there; false if it was. */
    abstract boolean insertNew(Tuple object);

    /** The key's objects, oldest first; empty if none. */
    abstract List<Tuple> lookup(Object key);

    /** Removes and returns the key's objects. */
    abstract List<Tuple> take(Object key);

    /** Removes the objects exactly equal to {@code object}. */
    abstract void deleteObject(Tuple object);

    /** Calls {@code action} on every object; concurrent changes may or may not be seen. */
    abstract void forEach(Consumer<Tuple> action);

    boolean member(Object key) {
        return map.containsKey(mapKey(key));
    }

    void delete(Object key) {
        take(key);
    }

    /** Only under the table's exclusive lock. */
    void clear() {
        map.clear();
        size.reset();
    }

    long size() {
        return size.sum();
    }

    // ---- walking keys: hash order here (last = first, prev = next, as in ETS); KeyStore orders ordered_set

    /** The first key, or {@link Ets#END_OF_TABLE}. */
    Object first() {
        for (V v : map.values()) {
            Tuple s = sample(v);
            if (s != null) return keyOf(s);
        }
        return Ets.END_OF_TABLE;
    }

    /** The key after {@code key}, or {@link Ets#END_OF_TABLE}; throws NoSuchElementException if {@code key} is not there. */
    Object next(Object key) {
        Object k = mapKey(key);
        Iterator<Map.Entry<Object, V>> it = map.entrySet().iterator();
        while (it.hasNext()) {
            if (!it.next().getKey().equals(k)) continue;
            while (it.hasNext()) {
                Tuple s = sample(it.next().getValue());
                if (s != null) return keyOf(s);
            }
            return Ets.END_OF_TABLE;
        }
        throw new NoSuchElementException();
    }

    Object last() {
        return first();
    }

    Object prev(Object key) {
        return next(key);
    }
}
