package dev.weft.io;

import dev.weft.term.Inspect;
import dev.weft.term.Inspectable;
import dev.weft.term.Pid;

/**
 * A request to an io device: Erlang's {@code {:io_request, from, reply_as, request}}. The device
 * answers with an {@link IoReply} carrying the same {@code replyAs}. {@link IO} sends these for you;
 * a process that receives one without being an io server sees it as an ordinary message.
 *
 * <pre>{@code
 * Pid device = StringIO.open("");
 * Ref ref = Kernel.makeRef();
 * Kernel.send(device, new IoRequest(Kernel.self(), ref, new PutChars(PutChars.UNICODE, "hello")));
 * Object reply = Kernel.receive(ref, m -> m instanceof IoReply r && r.replyAs().equals(ref) ? r.reply() : Kernel.NO_MATCH,
 *                               Duration.ofSeconds(5), () -> null);
 * assert reply.equals(Atom.OK);
 * }</pre>
 *
 * @param from    the process the reply goes to
 * @param replyAs any term; comes back in the reply (usually a fresh {@code Ref})
 * @param request a {@link PutChars}, {@link GetChars}, {@link GetLine}, {@link SetOpts}, {@link GetOpts},
 *                {@link Requests}, or a device-specific term (files: {@code :close}, {@code {:position, at}}, ...)
 */
public record IoRequest(Pid from, Object replyAs, Object request) implements Inspectable {
    @Override
    public String toString() {
        return "{:io_request, " + from + ", " + Inspect.inspect(replyAs) + ", " + Inspect.inspect(request) + "}";
    }
}
