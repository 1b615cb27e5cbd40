package dev.weft.ets;

import dev.weft.term.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Many objects per key, kept in insertion order as an immutable list: a {@code bag} (no two
 * identical objects; inserting one again keeps the first) or a {@code duplicate_bag}.
 */
final class BagStore extends Store<List<Tuple>> {
    private final boolean duplicates;

    BagStore(int kp, boolean duplicates) {
        super(kp, new ConcurrentHashMap<>());
        this.duplicates = duplicates;
    }

    @Override
    Tuple sample(List<Tuple> value) {
        return value.getFirst();
    }

    @Override
    void insert(Tuple object) {
        map.compute(mapKey(keyOf(object)), (k, objects) -> {
            if (objects == null) {
                size.increment();
                return List.of(object);
            }
            if (!duplicates && objects.stream().anyMatch(o -> Terms.exactlyEqual(o, object))) return objects;
            size.increment();
            List<Tuple> more = new ArrayList<>(objects.size() + 1);
            more.addAll(objects);
            more.add(object);
            return List.copyOf(more);
        });
    }

    @Override
    boolean insertNew(Tuple object) {
        if (map.putIfAbsent(mapKey(keyOf(object)), List.of(object)) != null) return false;
        size.increment();
        return true;
    }

    @Override
    List<Tuple> lookup(Object key) {
        List<Tuple> objects = map.get(mapKey(key));
        return objects == null ? List.of() : objects;
    }

    @Override
    List<Tuple> take(Object key) {
        List<Tuple> objects = map.remove(mapKey(key));
        if (objects == null) return List.of();
        size.add(-objects.size());
        return objects;
    }

    @Override
    void deleteObject(Tuple object) {
        map.computeIfPresent(mapKey(keyOf(object)), (k, objects) -> {
            List<Tuple> kept = objects.stream().filter(o -> !Terms.exactlyEqual(o, object)).toList();
            size.add(kept.size() - objects.size());
            return kept.isEmpty() ? null : kept;
        });
    }

    @Override
    void forEach(Consumer<Tuple> action) {
        map.values().forEach(objects -> objects.forEach(action));
    }
}
