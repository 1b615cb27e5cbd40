package dev.weft.ets;

import dev.weft.term.Atom;
import dev.weft.term.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A compiled match pattern, as {@code :ets.match/2} takes: a term where the atom {@code :_} matches
 * anything and {@code :"$N"} (N = 0, 1, …) binds what it matches (the same variable twice must bind
 * equal terms). Other parts must be exactly equal ({@code =:=}). Patterns look inside tuples, lists
 * and maps (a map pattern matches maps that hold at least its keys).
 */
final class Match {
    private static final Atom ANY_ATOM = Atom.of("_");
    private static final Object ANY = new Object();

    /** A variable of the pattern, numbered by its slot in the bindings. */
    private record Var(int slot) {}

    private final Object compiled;
    /** Variable numbers in ascending order; slot i holds {@code $vars[i]}. */
    private final int[] vars;

    Match(Object pattern) {
        TreeMap<Integer, Integer> found = new TreeMap<>();
        collect(pattern, found);
        vars = found.keySet().stream().mapToInt(Integer::intValue).toArray();
        compiled = compile(pattern);
    }

    /** The variable number of {@code :"$N"}, or -1. */
    private static int varNumber(Atom a) {
        String n = a.name();
        if (n.length() < 2 || n.length() > 10 || n.charAt(0) != '$') return -1;
        for (int i = 1; i < n.length(); i++) if (!Character.isDigit(n.charAt(i))) return -1;
        return Integer.parseInt(n, 1, n.length(), 10);
    }

    private static void collect(Object p, TreeMap<Integer, Integer> found) {
        switch (p) {
            case Atom a when varNumber(a) >= 0 -> found.put(varNumber(a), 0);
            case Tuple t -> { for (int i = 0; i < t.size(); i++) collect(t.get(i), found); }
            case List<?> l -> l.forEach(e -> collect(e, found));
            case Map<?, ?> m -> m.values().forEach(v -> collect(v, found));
            case null, default -> { }
        }
    }

    private Object compile(Object p) {
        return switch (p) {
            case Atom a when a.equals(ANY_ATOM) -> ANY;
            case Atom a when varNumber(a) >= 0 -> new Var(Arrays.binarySearch(vars, varNumber(a)));
            case Tuple t -> {
                Object[] parts = new Object[t.size()];
                for (int i = 0; i < parts.length; i++) parts[i] = compile(t.get(i));
                yield Tuple.of(parts);
            }
            case List<?> l -> l.stream().map(this::compile).toList();
            case Map<?, ?> m -> {
                List<Object[]> entries = new ArrayList<>();
                m.forEach((k, v) -> entries.add(new Object[] {k, compile(v)}));
                yield new MapPattern(entries);
            }
            case null, default -> Terms.canon(p);
        };
    }

    private record MapPattern(List<Object[]> entries) {}

    /** Whether the pattern has no variables or wildcards. */
    static boolean isGround(Object p) {
        return switch (p) {
            case Atom a -> !a.equals(ANY_ATOM) && varNumber(a) < 0;
            case Tuple t -> {
                for (int i = 0; i < t.size(); i++) if (!isGround(t.get(i))) yield false;
                yield true;
            }
            case List<?> l -> l.stream().allMatch(Match::isGround);
            case Map<?, ?> m -> m.values().stream().allMatch(Match::isGround);
            case null, default -> true;
        };
    }

    /** The bindings of {@code $N} in ascending N if {@code object} matches, else null. */
    List<Object> bindings(Object object) {
        Object[] slots = new Object[vars.length];
        Arrays.fill(slots, ANY);
        return matches(compiled, object, slots) ? Arrays.asList(slots) : null;
    }

    boolean matches(Object object) {
        return bindings(object) != null;
    }

    private static boolean matches(Object p, Object v, Object[] slots) {
        return switch (p) {
            case Var(int slot) -> {
                if (slots[slot] == ANY) {
                    slots[slot] = v;
                    yield true;
                }
                yield Terms.exactlyEqual(slots[slot], v);
            }
            case Tuple t -> {
                if (!(v instanceof Tuple u) || u.size() != t.size()) yield false;
                for (int i = 0; i < t.size(); i++) if (!matches(t.get(i), u.get(i), slots)) yield false;
                yield true;
            }
            case List<?> l -> {
                if (!(v instanceof List<?> u) || u.size() != l.size()) yield false;
                for (int i = 0; i < l.size(); i++) if (!matches(l.get(i), u.get(i), slots)) yield false;
                yield true;
            }
            case MapPattern(List<Object[]> entries) -> v instanceof Map<?, ?> u
                    && entries.stream().allMatch(e -> matchesEntry(e[0], e[1], u, slots));
            default -> p == ANY || p.equals(Terms.canon(v));
        };
    }

    private static boolean matchesEntry(Object key, Object p, Map<?, ?> m, Object[] slots) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (Terms.exactlyEqual(e.getKey(), key)) return matches(p, e.getValue(), slots);
        }
        return false;
    }
}
