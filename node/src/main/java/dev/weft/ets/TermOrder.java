package dev.weft.ets;

import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Erlang's term order, the order of an {@code ordered_set}:
 * number &lt; atom &lt; reference &lt; fun &lt; port &lt; pid &lt; tuple &lt; map &lt; list &lt; bitstring.
 * Numbers compare by value whatever their Java class ({@code 1 == 1L == 1.0}); {@code null} and
 * booleans are the atoms {@code nil}, {@code true}, {@code false}; tuples compare by size, then
 * element by element; maps by size, then keys in order, then values; lists element by element
 * (the empty list first); {@code String}s and {@code byte[]} as their UTF-8 bytes. Any other Java
 * value sits in the "fun" place: ordered by class name, then by its own {@code compareTo} or record
 * components, else by its text.
 */
final class TermOrder implements Comparator<Object> {
    static final TermOrder INSTANCE = new TermOrder();

    private TermOrder() {}

    /** The place of a term's kind in the order (an if chain: this runs for every step of a skip-list search). */
    private static int rank(Object t) {
        if (t instanceof Number) return 0;
        if (t == null || t instanceof Atom || t instanceof Boolean) return 1;
        if (t instanceof Ref || t instanceof Tid) return 2;
        if (t instanceof Pid) return 5;
        if (t instanceof Tuple) return 6;
        if (t instanceof Map) return 7;
        if (t instanceof List) return 8;
        if (t instanceof String || t instanceof byte[] || t instanceof Terms.Bin) return 9;
        return 3;
    }

    @Override
    public int compare(Object a, Object b) {
        if (a == b) return 0;
        if (a instanceof Long x && b instanceof Long y) return Long.compare(x, y);
        int ra = rank(a), rb = rank(b);
        if (ra != rb) return Integer.compare(ra, rb);
        return switch (ra) {
            case 0 -> compareNumbers((Number) a, (Number) b);
            case 1 -> compareText(atomName(a), atomName(b));
            case 2 -> compareRefs(a, b);
            case 5 -> comparePids((Pid) a, (Pid) b);
            case 6 -> compareTuples((Tuple) a, (Tuple) b);
            case 7 -> compareMaps((Map<?, ?>) a, (Map<?, ?>) b);
            case 8 -> compareLists((List<?>) a, (List<?>) b);
            case 9 -> Arrays.compareUnsigned(bytes(a), bytes(b));
            default -> compareOther(a, b);
        };
    }

    static int compareNumbers(Number a, Number b) {
        boolean fa = a instanceof Double || a instanceof Float, fb = b instanceof Double || b instanceof Float;
        if (fa && fb) {
            double x = a.doubleValue(), y = b.doubleValue();
            return x < y ? -1 : x > y ? 1 : 0;          // 0.0 == -0.0, as on OTP 25
        }
        if (!fa && !fb) {
            if (a instanceof BigInteger || b instanceof BigInteger) return big(a).compareTo(big(b));
            return Long.compare(a.longValue(), b.longValue());
        }
        return decimal(a).compareTo(decimal(b));
    }

    private static BigInteger big(Number n) {
        return n instanceof BigInteger bi ? bi : BigInteger.valueOf(n.longValue());
    }

    private static BigDecimal decimal(Number n) {
        return switch (n) {
            case Double d -> new BigDecimal(d);
            case Float f -> new BigDecimal(f.doubleValue());
            case BigInteger bi -> new BigDecimal(bi);
            case BigDecimal bd -> bd;
            default -> BigDecimal.valueOf(n.longValue());
        };
    }

    private static String atomName(Object t) {
        return switch (t) {
            case null -> "nil";
            case Atom a -> a.name();
            default -> t.toString();                      // Boolean
        };
    }

    /** Code point order, which is also the order of the UTF-8 bytes. */
    private static int compareText(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** Table ids first, then refs by node, number and creation. */
    private static int compareRefs(Object a, Object b) {
        return switch (a) {
            case Tid x when b instanceof Tid y -> Long.compare(x.id(), y.id());
            case Tid x -> -1;
            case Ref x when b instanceof Ref y -> compareIds(x.node(), x.id(), x.creation(), y.node(), y.id(), y.creation());
            default -> 1;
        };
    }

    private static int comparePids(Pid a, Pid b) {
        return compareIds(a.node(), a.id(), a.creation(), b.node(), b.id(), b.creation());
    }

    private static int compareIds(Atom nodeA, long idA, int creationA, Atom nodeB, long idB, int creationB) {
        int c = compareText(nodeA.name(), nodeB.name());
        if (c != 0) return c;
        c = Long.compare(idA, idB);
        return c != 0 ? c : Integer.compare(creationA, creationB);
    }

    private int compareTuples(Tuple a, Tuple b) {
        if (a.size() != b.size()) return Integer.compare(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) return c;
        }
        return 0;
    }

    private int compareMaps(Map<?, ?> a, Map<?, ?> b) {
        if (a.size() != b.size()) return Integer.compare(a.size(), b.size());
        List<Object> ka = sortedKeys(a), kb = sortedKeys(b);
        int c = compareLists(ka, kb);
        for (int i = 0; c == 0 && i < ka.size(); i++) c = compare(a.get(ka.get(i)), b.get(kb.get(i)));
        return c;
    }

    private List<Object> sortedKeys(Map<?, ?> m) {
        List<Object> keys = new ArrayList<>(m.keySet());
        keys.sort(this);
        return keys;
    }

    private int compareLists(List<?> a, List<?> b) {
        Iterator<?> x = a.iterator(), y = b.iterator();
        while (x.hasNext() && y.hasNext()) {
            int c = compare(x.next(), y.next());
            if (c != 0) return c;
        }
        return Boolean.compare(x.hasNext(), y.hasNext());
    }

    private static byte[] bytes(Object t) {
        return switch (t) {
            case String s -> s.getBytes(StandardCharsets.UTF_8);
            case Terms.Bin b -> b.bytes();
            default -> (byte[]) t;
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private int compareOther(Object a, Object b) {
        int c = a.getClass().getName().compareTo(b.getClass().getName());
        if (c != 0) return c;
        if (a instanceof Comparable ca) return ca.compareTo(b);
        if (a instanceof Record) return compareLists(Terms.components((Record) a), Terms.components((Record) b));
        return a.toString().compareTo(b.toString());
    }
}
