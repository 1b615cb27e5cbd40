package dev.weft.dist;

import com.google.protobuf.ByteString;
import dev.weft.term.Atom;

/**
 * Atoms by the UTF-8 bytes they arrive as: a name that came before (a node's name in every pid, the
 * tag of every message) costs a hash and a compare of bytes, not a new {@code String} and a lookup
 * in the atom table, as the BEAM's distribution keeps an atom cache per connection. Direct-mapped:
 * a slot holds the last name that hashed to it. Thread-safe (an entry is immutable; a race only
 * costs a lookup).
 */
final class AtomCache {
    private static final int SLOTS = 1024;

    private record Entry(ByteString utf8, Atom atom) {}

    private final Entry[] entries = new Entry[SLOTS];

    /** The atom named by {@code utf8} (which may be a slice of a frame: the cache keeps a copy). */
    Atom get(ByteString utf8) {
        int h = utf8.hashCode();
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        Entry e = entries[slot];
        if (e != null && e.utf8.equals(utf8)) return e.atom;
        if (!utf8.isValidUtf8()) throw new IllegalArgumentException("an atom or node name that is not UTF-8 arrived");
        Atom atom = Atom.of(utf8.toStringUtf8());
        entries[slot] = new Entry(ByteString.copyFrom(utf8.asReadOnlyByteBuffer()), atom);
        return atom;
    }
}
