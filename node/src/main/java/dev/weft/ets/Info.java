package dev.weft.ets;

import dev.weft.term.Atom;
import dev.weft.term.Pid;

/**
 * What {@link Ets#info} tells about a table, as {@code :ets.info/1} does.
 *
 * <pre>{@code
 * Info info = Ets.info(tab);
 * System.out.println(info.size() + " objects, owned by " + info.owner());
 * }</pre>
 *
 * @param id               the table's identifier
 * @param name             its name (given even when it is not a named table)
 * @param type             set, ordered_set, bag or duplicate_bag
 * @param protection       public, protected or private
 * @param owner            the process that owns it
 * @param heir             who inherits it when the owner dies, or null for {@code :none}
 * @param namedTable       whether it can be reached by its name
 * @param keypos           the 1-based key position
 * @param size             the number of objects
 * @param memory           an estimate of the memory used, in 8-byte words, counted as the BEAM does (found by walking the table)
 * @param readConcurrency  the {@code read_concurrency} option given
 * @param writeConcurrency the {@code write_concurrency} option given
 */
public record Info(Tid id, Atom name, TableType type, Access protection, Pid owner, Pid heir, boolean namedTable,
                   int keypos, long size, long memory, boolean readConcurrency, boolean writeConcurrency) {}
