package dev.weft.ets;

import dev.weft.term.Inspectable;

/**
 * A table identifier: what {@link Ets#newTable} returns. Every table has one, named or not; a
 * {@code named_table} can also be reached by its name. Prints as a reference, as on the BEAM.
 *
 * <pre>{@code
 * Tid tab = Ets.newTable(Atom.of("cache"));
 * Ets.insert(tab, Tuple.of("key", 42));
 * System.out.println(tab);                      // #Reference<0.0.0.7>
 * }</pre>
 */
public final class Tid implements Inspectable {
    private final long id;
    final Table table;

    Tid(long id, Table table) {
        this.id = id;
        this.table = table;
    }

    /** The table's number on this node. */
    public long id() {
        return id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tid t && t.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "#Reference<0.0.0." + id + ">";
    }
}
