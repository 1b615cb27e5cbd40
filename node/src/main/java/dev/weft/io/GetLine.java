package dev.weft.io;

import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Inspectable;

/**
 * Read one line, with its {@code "\n"} ({@code "\r\n"} comes back as {@code "\n"}, as on the BEAM):
 * Erlang's {@code {:get_line, encoding, prompt}}. The last line of a file may lack the newline;
 * after it the reply is {@code :eof}.
 *
 * <pre>{@code
 * new GetLine(PutChars.UNICODE, "name? ");   // what IO.gets(device, "name? ") sends
 * }</pre>
 *
 * @param encoding {@code :unicode} (reply is a String) or {@code :latin1} (reply is bytes)
 * @param prompt   printed first by interactive devices; ignored by files
 */
public record GetLine(Atom encoding, Object prompt) implements Inspectable {
    @Override
    public String toString() {
        return "{:get_line, " + encoding + ", " + Inspect.inspect(prompt) + "}";
    }
}
