package dev.weft.term;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Prints terms the way Elixir's {@code inspect/1} does.
 *
 * <pre>{@code
 * Inspect.inspect(Tuple.of(Atom.of("hello"), "world"));   // {:hello, "world"}
 * Inspect.inspect(List.of(1, 2, 3));                      // [1, 2, 3]
 * Inspect.inspect(Map.of(Atom.of("a"), 1));               // %{a: 1}
 * Inspect.inspect(null);                                  // nil
 * }</pre>
 *
 * Java records print as Elixir structs ({@code %Point{x: 1, y: 2}}), except records that
 * implement {@link Inspectable}, which print through their own {@code toString}.
 */
public final class Inspect {
    private static final Pattern KEYWORD_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_@]*[?!]?");

    private Inspect() {}

    /** The Elixir-style text of {@code term}. */
    public static String inspect(Object term) {
        StringBuilder sb = new StringBuilder();
        append(sb, term);
        return sb.toString();
    }

    static void append(StringBuilder sb, Object term) {
        switch (term) {
            case null -> sb.append("nil");
            case String s -> sb.append(quote(s));
            case Atom a -> sb.append(a);
            case Tuple t -> {
                sb.append('{');
                for (int i = 0; i < t.size(); i++) {
                    if (i > 0) sb.append(", ");
                    append(sb, t.get(i));
                }
                sb.append('}');
            }
            case Collection<?> c -> joined(sb, "[", c.iterator(), "]");
            case Map<?, ?> m -> map(sb, m);
            case byte[] b -> {
                sb.append("<<");
                for (int i = 0; i < b.length; i++) {
                    if (i > 0) sb.append(", ");
                    sb.append(b[i] & 0xff);
                }
                sb.append(">>");
            }
            case Inspectable i -> sb.append(i);
            case Record r -> struct(sb, r);
            case Throwable e -> sb.append("%").append(e.getClass().getName()).append("{message: ")
                    .append(quote(String.valueOf(e.getMessage()))).append('}');
            default -> sb.append(term);
        }
    }

    private static void joined(StringBuilder sb, String open, Iterator<?> it, String close) {
        sb.append(open);
        boolean first = true;
        while (it.hasNext()) {
            if (!first) sb.append(", ");
            first = false;
            append(sb, it.next());
        }
        sb.append(close);
    }

    private static void map(StringBuilder sb, Map<?, ?> m) {
        sb.append("%{");
        boolean first = true;
        boolean allAtoms = m.keySet().stream().allMatch(k -> k instanceof Atom a && KEYWORD_KEY.matcher(a.name()).matches());
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!first) sb.append(", ");
            first = false;
            if (allAtoms) {
                sb.append(((Atom) e.getKey()).name()).append(": ");
            } else {
                append(sb, e.getKey());
                sb.append(" => ");
            }
            append(sb, e.getValue());
        }
        sb.append('}');
    }

    private static void struct(StringBuilder sb, Record r) {
        sb.append('%').append(r.getClass().getSimpleName()).append('{');
        RecordComponent[] parts = r.getClass().getRecordComponents();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(parts[i].getName()).append(": ");
            try {
                parts[i].getAccessor().setAccessible(true);
                append(sb, parts[i].getAccessor().invoke(r));
            } catch (ReflectiveOperationException | RuntimeException e) {
                sb.append("?");
            }
        }
        sb.append('}');
    }

    /** {@code s} in double quotes with Elixir's escapes. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '#' -> sb.append(i + 1 < s.length() && s.charAt(i + 1) == '{' ? "\\#" : "#");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\x%02X", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
