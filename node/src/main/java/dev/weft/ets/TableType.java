package dev.weft.ets;

/**
 * The kind of an ETS table: how many objects a key may have, and in what order a walk sees them.
 *
 * <pre>{@code
 * Tid tab = Ets.newTable(Atom.of("scores"), TableType.ORDERED_SET);
 * }</pre>
 */
public enum TableType implements Option {
    /** One object per key, keys unordered (the default). Keys match exactly: {@code 1} and {@code 1.0} differ. */
    SET,
    /** One object per key, walked in Erlang term order. Keys compare by value: {@code 1} and {@code 1.0} are one key. */
    ORDERED_SET,
    /** Many objects per key, but no two identical objects. */
    BAG,
    /** Many objects per key, duplicates kept. */
    DUPLICATE_BAG;

    /** The Erlang name, such as {@code :ordered_set}. */
    @Override
    public String toString() {
        return ":" + name().toLowerCase();
    }
}
