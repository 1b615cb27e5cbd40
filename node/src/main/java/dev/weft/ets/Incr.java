package dev.weft.ets;

/**
 * One step of {@link Ets#updateCounter(Object, Object, java.util.List, dev.weft.term.Tuple)}:
 * {@code {pos, incr}} or {@code {pos, incr, threshold, setValue}}. Positions are 1-based, as in ETS.
 * With a threshold, a result above it (for a positive {@code incr}) or below it (for a negative
 * one) is replaced by {@code setValue}.
 *
 * <pre>{@code
 * // count up to 10, then wrap around to 1
 * Ets.updateCounter(tab, "hits", List.of(new Incr(2, 1, 10L, 1L)), null);
 * }</pre>
 *
 * @param pos       the 1-based position of the counter in the object (not the key's)
 * @param incr      what to add
 * @param threshold the limit, or null for none
 * @param setValue  the value to set when the limit is passed (needed with a threshold)
 */
public record Incr(int pos, long incr, Long threshold, Long setValue) {
    public Incr {
        if ((threshold == null) != (setValue == null)) {
            throw new IllegalArgumentException("an Incr needs both a threshold and a set value, or neither (got "
                    + threshold + " and " + setValue + ")");
        }
    }

    /** {@code {pos, incr}}. */
    public Incr(int pos, long incr) {
        this(pos, incr, null, null);
    }

    long apply(long old) {
        long v = Math.addExact(old, incr);
        if (threshold != null && (incr >= 0 ? v > threshold : v < threshold)) return setValue;
        return v;
    }
}
