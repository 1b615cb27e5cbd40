package dev.weft.ets;

import dev.weft.term.Tuple;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** One object per key: a {@code set} (hash map, exact keys) or an {@code ordered_set} (skip list in term order). */
final class KeyStore extends Store<Tuple> {
    private final ConcurrentNavigableMap<Object, Tuple> ordered;

    private KeyStore(int kp, ConcurrentHashMap<Object, Tuple> map) {
        super(kp, map);
        this.ordered = null;
    }

    private KeyStore(int kp, ConcurrentNavigableMap<Object, Tuple> map) {
        super(kp, map);
        this.ordered = map;
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

    @Override
    Tuple sample(Tuple value) {
        return value;
    }

    @Override
    void insert(Tuple object) {
        if (map.put(mapKey(keyOf(object)), object) == null) size.increment();
    }

    @Override
    boolean insertNew(Tuple object) {
        if (map.putIfAbsent(mapKey(keyOf(object)), object) != null) return false;
        size.increment();
        return true;
    }

    /** The key's object, or null. */
    Tuple get(Object key) {
        return map.get(mapKey(key));
    }

    @Override
    List<Tuple> lookup(Object key) {
        Tuple t = get(key);
        return t == null ? List.of() : List.of(t);
    }

    @Override
    List<Tuple> take(Object key) {
        Tuple t = map.remove(mapKey(key));
        if (t == null) return List.of();
        size.decrement();
        return List.of(t);
    }

    @Override
    void deleteObject(Tuple object) {
        Object k = mapKey(keyOf(object));
        Tuple cur = map.get(k);
        if (cur != null && Terms.exactlyEqual(cur, object) && map.remove(k, cur)) size.decrement();
    }

    /**
     * Replaces the key's object by {@code change} of it, atomically (a compare-and-set loop, so
     * {@code change} must be free of side effects). With no object, {@code change} applies to
     * {@code missing}, or nothing happens and null is returned when {@code missing} is null.
     */
    Tuple update(Object key, Tuple missing, UnaryOperator<Tuple> change) {
        Object k = mapKey(key);
        while (true) {
            Tuple old = map.get(k);
            if (old == null) {
                if (missing == null) return null;
                Tuple created = change.apply(missing);
                if (map.putIfAbsent(k, created) == null) {
                    size.increment();
                    return created;
                }
            } else {
                Tuple changed = change.apply(old);
                if (map.replace(k, old, changed)) return changed;
            }
        }
    }

    @Override
    void forEach(Consumer<Tuple> action) {
        map.values().forEach(action);
    }

    @Override
    Object first() {
        return ordered == null ? super.first() : keyOf(ordered.firstEntry());
    }

    @Override
    Object last() {
        return ordered == null ? super.last() : keyOf(ordered.lastEntry());
    }

    @Override
    Object next(Object key) {
        return ordered == null ? super.next(key) : keyOf(ordered.higherEntry(key));
    }

    @Override
    Object prev(Object key) {
        return ordered == null ? super.prev(key) : keyOf(ordered.lowerEntry(key));
    }

    private Object keyOf(Map.Entry<Object, Tuple> e) {
        return e == null ? Ets.END_OF_TABLE : keyOf(e.getValue());
    }
}
