package dev.weft.io;

import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Inspectable;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.util.List;

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
 * <p>Devices also take the request as Erlang writes it, a tuple
 * ({@code Tuple.of(Atom.of("io_request"), self(), ref, Tuple.of(Atom.of("put_chars"), Atom.of("unicode"), "hello"))}),
 * and then reply with a tuple too: {@code {:io_reply, ref, :ok}}.
 *
 * @param from    the process the reply goes to
 * @param replyAs any term; comes back in the reply (usually a fresh {@code Ref})
 * @param request a {@link PutChars}, {@link GetChars}, {@link GetLine}, {@link SetOpts}, {@link GetOpts},
 *                {@link Requests}, or a device-specific term (files: {@code :close}, {@code {:position, at}}, ...)
 */
public record IoRequest(Pid from, Object replyAs, Object request) implements Inspectable {
    private static final Atom IO_REQUEST = Atom.of("io_request");
    private static final Atom GETOPTS = Atom.of("getopts");

    /** {@code {:io_request, from, reply_as, request}} as a record, its request too ({@link #request(Object)}); null for any other term. */
    static IoRequest fromTuple(Tuple t) {
        return t.is(IO_REQUEST, 4) && t.get(1) instanceof Pid from ? new IoRequest(from, t.get(2), request(t.get(3))) : null;
    }

    /**
     * A request as Erlang writes it, as the record a device takes: {@code {:put_chars, enc, chars}},
     * {@code {:get_line, enc, prompt}}, {@code {:get_chars, enc, prompt, n}} (each also without the
     * encoding, which is then latin1), {@code {:setopts, opts}}, {@code :getopts} and
     * {@code {:requests, list}}; anything else (a file's {@code {:position, at}}) as it is.
     */
    private static Object request(Object r) {
        if (GETOPTS.equals(r)) return new GetOpts();
        if (!(r instanceof Tuple t) || t.size() < 2 || !(t.get(0) instanceof Atom tag)) return r;
        int arity = switch (tag.name()) {   // without an encoding
            case "put_chars", "get_line" -> 2;
            case "get_chars" -> 3;
            default -> 0;
        };
        boolean enc = arity > 0 && t.size() == arity + 1 && t.get(1) instanceof Atom;
        if (arity > 0 && !enc && t.size() != arity) return r;
        Atom encoding = enc ? (Atom) t.get(1) : PutChars.LATIN1;
        int at = enc ? 2 : 1;
        return switch (tag.name()) {
            case "put_chars" -> new PutChars(encoding, t.get(at));
            case "get_line" -> new GetLine(encoding, t.get(at));
            case "get_chars" -> t.get(at + 1) instanceof Number n ? new GetChars(encoding, t.get(at), n.intValue()) : r;
            case "setopts" -> t.size() == 2 && t.get(1) instanceof List<?> opts ? new SetOpts(List.copyOf(opts)) : r;
            case "requests" -> t.size() == 2 && t.get(1) instanceof List<?> rs ? new Requests(rs.stream().map(IoRequest::request).toList()) : r;
            default -> r;
        };
    }

    @Override
    public String toString() {
        return "{:io_request, " + from + ", " + Inspect.inspect(replyAs) + ", " + Inspect.inspect(request) + "}";
    }
}
