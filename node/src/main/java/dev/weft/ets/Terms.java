package dev.weft.ets;

import dev.weft.term.Atom;
import dev.weft.term.Tuple;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact term equality (Erlang's {@code =:=}) for Java values: {@link #canon} maps a term to a
 * canonical form whose {@code equals}/{@code hashCode} are {@code =:=}. Integers of any Java class
 * become {@code Long} (or a {@code BigInteger} past 64 bits), floats {@code Double} (with
 * {@code -0.0 =:= 0.0}, as on OTP 25), {@code null} and booleans their atoms, {@code byte[]} a
 * value with content equality; tuples, lists and maps are rebuilt only when a part changes.
 */
final class Terms {
    static final Atom NIL = Atom.of("nil");

    private Terms() {}

    /** A binary with content equality. */
    record Bin(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Bin b && Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    static Object canon(Object t) {
        if (t instanceof Long || t instanceof Atom || t instanceof String) return t;   // the common keys, first
        return switch (t) {
            case null -> NIL;
            case Atom a -> a;
            case Long l -> l;
            case String s -> s;
            case Integer i -> (long) i;
            case Short s -> (long) s;
            case Byte b -> (long) b;
            case BigInteger b -> b.bitLength() < 64 ? (Object) b.longValue() : b;
            case Double d -> d == 0.0 ? 0.0 : d;
            case Float f -> f == 0.0f ? 0.0 : (double) f;
            case Boolean b -> Atom.of(b.toString());
            case byte[] b -> new Bin(b);
            case Tuple tu -> canonTuple(tu);
            case List<?> l -> canonList(l);
            case Map<?, ?> m -> canonMap(m);
            default -> t;
        };
    }

    private static Tuple canonTuple(Tuple t) {
        Object[] out = null;
        for (int i = 0; i < t.size(); i++) {
            Object e = t.get(i), c = canon(e);
            if (c != e && out == null) {
                out = new Object[t.size()];
                for (int j = 0; j < i; j++) out[j] = t.get(j);
            }
            if (out != null) out[i] = c;
        }
        return out == null ? t : Tuple.of(out);
    }

    private static List<?> canonList(List<?> l) {
        List<Object> out = new ArrayList<>(l.size());
        boolean changed = false;
        for (Object e : l) {
            Object c = canon(e);
            changed |= c != e;
            out.add(c);
        }
        return changed ? Collections.unmodifiableList(out) : l;
    }

    private static Map<?, ?> canonMap(Map<?, ?> m) {
        Map<Object, Object> out = new HashMap<>();
        boolean changed = false;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object k = canon(e.getKey()), v = canon(e.getValue());
            changed |= k != e.getKey() || v != e.getValue();
            out.put(k, v);
        }
        return changed ? Collections.unmodifiableMap(out) : m;
    }

    /** {@code a =:= b}. */
    static boolean exactlyEqual(Object a, Object b) {
        return a == b || canon(a).equals(canon(b));
    }

    /** A record's components, in order. */
    static List<Object> components(Record r) {
        RecordComponent[] parts = r.getClass().getRecordComponents();
        List<Object> out = new ArrayList<>(parts.length);
        for (RecordComponent p : parts) {
            try {
                p.getAccessor().setAccessible(true);
                out.add(p.getAccessor().invoke(r));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + p + " of " + r.getClass().getName(), e);
            }
        }
        return out;
    }

    /** An estimate, in 8-byte words, of the memory a term takes in a table, counted as the BEAM does. */
    static long words(Object t) {
        return switch (t) {
            case Tuple tu -> {
                long w = 1 + tu.size();
                for (int i = 0; i < tu.size(); i++) w += words(tu.get(i));
                yield w;
            }
            case List<?> l -> l.stream().mapToLong(e -> 2 + words(e)).sum();
            case Map<?, ?> m -> m.entrySet().stream().mapToLong(e -> 2 + words(e.getKey()) + words(e.getValue())).sum() + 3;
            case String s -> binaryWords(s.getBytes(StandardCharsets.UTF_8).length);
            case byte[] b -> binaryWords(b.length);
            case Double d -> 2;
            case Float f -> 2;
            case BigInteger b -> b.bitLength() < 60 ? 0 : 1 + (b.bitLength() + 63) / 64;
            case Long l -> l == (l << 4) >> 4 ? 0 : 2;
            case Record r -> 3 + components(r).stream().mapToLong(e -> 2 + words(e)).sum();
            default -> 0;                                 // immediates: small integers, atoms, local pids
        };
    }

    private static long binaryWords(int bytes) {
        return bytes <= 64 ? 2 + (bytes + 7) / 8 : 6;
    }
}
