package dev.weft.io;

import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Inspectable;

/**
 * Read up to {@code count} characters: Erlang's {@code {:get_chars, encoding, prompt, count}}. The
 * reply is the data (fewer characters only at end of file), {@code :eof}, or {@code {:error, reason}}.
 * A character is a byte on a latin1 device and a UTF-8 sequence on a unicode one.
 *
 * <pre>{@code
 * new GetChars(PutChars.UNICODE, "", 10);   // what IO.read(device, 10) sends
 * }</pre>
 *
 * @param encoding {@code :unicode} (reply is a String) or {@code :latin1} (reply is bytes)
 * @param prompt   printed first by interactive devices; ignored by files
 * @param count    how many characters
 */
public record GetChars(Atom encoding, Object prompt, int count) implements Inspectable {
    @Override
    public String toString() {
        return "{:get_chars, " + encoding + ", " + Inspect.inspect(prompt) + ", " + count + "}";
    }
}
