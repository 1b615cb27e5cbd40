package dev.weft.ets;

/**
 * Who may read and write a table besides its owner.
 *
 * <pre>{@code
 * Tid tab = Ets.newTable(Atom.of("shared"), Access.PUBLIC);
 * }</pre>
 */
public enum Access implements Option {
    /** Every process reads and writes. */
    PUBLIC,
    /** Every process reads; only the owner writes (the default). */
    PROTECTED,
    /** Only the owner reads and writes. */
    PRIVATE;

    /** The Erlang name, such as {@code :protected}. */
    @Override
    public String toString() {
        return ":" + name().toLowerCase();
    }
}
