package dev.weft.io;

import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Inspectable;

/**
 * Write characters: Erlang's {@code {:put_chars, encoding, chars}}. With {@link #UNICODE} the data is
 * text (a String, or UTF-8 bytes); with {@link #LATIN1} it is bytes (a {@code byte[]}; a String
 * counts as its UTF-8 bytes). A unicode device stores latin1 data as the characters those bytes
 * are in latin1, as on the BEAM; a latin1 device refuses characters above 255 with
 * {@code {:error, {:no_translation, :unicode, :latin1}}}.
 *
 * <pre>{@code
 * new PutChars(PutChars.UNICODE, "héllo");            // what IO.write sends
 * new PutChars(PutChars.LATIN1, new byte[] {1, 2, 3}); // what IO.binwrite sends
 * }</pre>
 *
 * @param encoding {@code :unicode} or {@code :latin1}
 * @param chars    a String, a {@code byte[]}, or chardata (a list of code points, strings, bytes); a
 *                 {@code byte[]} must not change until the reply came
 */
public record PutChars(Atom encoding, Object chars) implements Inspectable {
    /** The {@code :unicode} encoding (text). */
    public static final Atom UNICODE = Atom.of("unicode");
    /** The {@code :latin1} encoding (bytes). */
    public static final Atom LATIN1 = Atom.of("latin1");

    @Override
    public String toString() {
        return "{:put_chars, " + encoding + ", " + Inspect.inspect(chars) + "}";
    }
}
