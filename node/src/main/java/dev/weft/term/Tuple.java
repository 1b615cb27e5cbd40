package dev.weft.term;

import java.util.Arrays;
import java.util.List;

/**
 * An Elixir tuple: a fixed-size, immutable group of terms.
 *
 * <pre>{@code
 * Tuple t = Tuple.of(Atom.of("hello"), "world");
 * assert t.size() == 2 && t.get(0) == Atom.of("hello");
 * assert t.toString().equals("{:hello, \"world\"}");
 * }</pre>
 */
public final class Tuple {
    private final Object[] elements;

    private Tuple(Object[] elements) {
        this.elements = elements;
    }

    /** A tuple of the given elements (copied). */
    public static Tuple of(Object... elements) {
        return new Tuple(elements.clone());
    }

    /** A tuple of the elements of a list. */
    public static Tuple fromList(List<?> elements) {
        return new Tuple(elements.toArray());
    }

    public int size() {
        return elements.length;
    }

    /** The element at zero-based {@code index} (Elixir's {@code elem/2}). */
    public Object get(int index) {
        return elements[index];
    }

    /** True when this tuple has {@code size} elements and its first is {@code tag}: a cheap guard for matchers. */
    public boolean is(Atom tag, int size) {
        return elements.length == size && size > 0 && tag.equals(elements[0]);
    }

    /** This tuple with the element at zero-based {@code index} replaced by {@code value} (Elixir's {@code put_elem/3}). */
    public Tuple put(int index, Object value) {
        Object[] copy = elements.clone();
        copy[index] = value;
        return new Tuple(copy);
    }

    public List<Object> toList() {
        return Arrays.asList(elements.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tuple t && Arrays.equals(elements, t.elements);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(elements);
    }

    @Override
    public String toString() {
        return Inspect.inspect(this);
    }
}
