package dev.weft.ets;

import dev.weft.term.Pid;

/**
 * An option of {@link Ets#newTable}: a {@link TableType}, an {@link Access}, or one of the records
 * here, as in {@code :ets.new(name, [:named_table, {:keypos, 2}, {:heir, pid, data}])}.
 *
 * <pre>{@code
 * Tid tab = Ets.newTable(Atom.of("users"), TableType.SET, Access.PUBLIC, Option.NAMED_TABLE,
 *         new Option.Keypos(2), new Option.Heir(heirPid, "from users"), new Option.ReadConcurrency(true));
 * }</pre>
 */
public sealed interface Option permits TableType, Access, Option.NamedTable, Option.Keypos, Option.Heir,
        Option.ReadConcurrency, Option.WriteConcurrency {
    /** The table can be reached by its name ({@code :named_table}). */
    NamedTable NAMED_TABLE = new NamedTable();

    /** {@code :named_table}; use {@link #NAMED_TABLE}. */
    record NamedTable() implements Option {}

    /** {@code {:keypos, pos}}: the 1-based position of the key in each object (default 1). */
    record Keypos(int pos) implements Option {}

    /**
     * {@code {:heir, pid, data}}: when the owner dies, {@code pid} (if alive) becomes the owner and
     * gets {@code {:"ETS-TRANSFER", tab, oldOwner, data}}. {@link #NONE} ({@code {:heir, :none}}) for no heir.
     */
    record Heir(Pid pid, Object data) implements Option {
        /** No heir: the table is deleted with its owner. */
        public static final Heir NONE = new Heir(null, null);
    }

    /**
     * {@code {:read_concurrency, flag}}: accepted and reported by {@link Ets#info}; Weft's tables are
     * always built for concurrent reads, so it changes nothing.
     */
    record ReadConcurrency(boolean on) implements Option {}

    /**
     * {@code {:write_concurrency, flag}}: accepted and reported by {@link Ets#info}; Weft's tables
     * always lock per key, so it changes nothing.
     */
    record WriteConcurrency(boolean on) implements Option {}
}
