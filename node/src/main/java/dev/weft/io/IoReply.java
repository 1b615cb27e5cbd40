package dev.weft.io;

import dev.weft.term.Inspect;
import dev.weft.term.Inspectable;

/**
 * An io device's answer to an {@link IoRequest}: Erlang's {@code {:io_reply, reply_as, reply}}.
 *
 * <pre>{@code
 * IoReply r = new IoReply(Kernel.makeRef(), Atom.OK);
 * System.out.println(r);   // {:io_reply, #Reference<0.0.0.42>, :ok}
 * }</pre>
 *
 * @param replyAs the {@code replyAs} of the request
 * @param reply   {@code :ok}, data (a String, bytes or a charlist), {@code :eof}, or {@code {:error, reason}}
 */
public record IoReply(Object replyAs, Object reply) implements Inspectable {
    @Override
    public String toString() {
        return "{:io_reply, " + Inspect.inspect(replyAs) + ", " + Inspect.inspect(reply) + "}";
    }
}
