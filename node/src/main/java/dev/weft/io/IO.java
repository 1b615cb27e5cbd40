package dev.weft.io;

import static dev.weft.io.PutChars.LATIN1;
import static dev.weft.io.PutChars.UNICODE;

import dev.weft.process.Down;
import dev.weft.process.ExitException;
import dev.weft.process.Kernel;
import dev.weft.process.Matcher;
import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.NodeNames;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Elixir's {@code IO}: reading and writing through io devices, which are processes that speak the
 * Erlang I/O protocol ({@link IoRequest} / {@link IoReply}).
 *
 * <pre>{@code
 * import dev.weft.io.IO;          // by name: since Java 25 java.lang.IO exists, so dev.weft.io.* alone is ambiguous
 *
 * IO.puts("hello");                               // to the caller's group leader (:stdio)
 * IO.puts(Atom.of("stderr"), "to stderr");
 * List<Integer> xs = IO.inspect(List.of(1, 2));    // prints [1, 2], returns its argument
 * Pid file = FileIO.open(Path.of("out.txt"), FileIO.WRITE);
 * IO.write(file, "some text");
 * FileIO.close(file);
 * }</pre>
 *
 * <p>A device is a {@link Pid}; {@code :stdio} (or {@code :standard_io}), the caller's group leader;
 * {@code :stderr} (or {@code :standard_error}); or the {@link Atom} a device is registered under. A
 * process with no group leader (and a null device) uses the node's standard io server, started on first use and made
 * the default group leader ({@link Kernel#defaultGroupLeader}). Loading this class also makes
 * {@link Kernel#flush()} print through the caller's group leader.
 *
 * <p>Writes ({@code puts}, {@code write}, {@code binwrite}, {@code inspect}) wait up to 5 s for the
 * device's reply and throw an {@link ExitException} whose reason names the failure, the device and
 * the request, Erlang-style: {@code {:timeout, {:io, :request, [device, request]}}} for a process that
 * is not an io server, {@code {:terminated, ...}} for a device that is gone, {@code {reason, ...}} for
 * a device's {@code {:error, reason}}. Reads wait as long as it takes, as on the BEAM (stdin may take
 * a while), and return the device's {@code :eof} or {@code {:error, reason}} as values;
 * {@code {:error, :terminated}} if the device is gone (noticed within 100 ms for a local device,
 * which is checked rather than monitored; a remote one is monitored). Replies are matched by a fresh
 * ref, so a long mailbox does not slow a call down.
 *
 * <p>Text is a String (an Elixir binary holding UTF-8); bytes are a {@code byte[]}, which must not be
 * changed until the call returns.
 */
public final class IO {
    /** {@code :line}: read a line. */
    public static final Atom LINE = Atom.of("line");
    /** {@code :eof}: read to the end; also what a read at the end returns. */
    public static final Atom EOF = IoServer.EOF;
    /**
     * {@code :all}: read to the end, as {@link #EOF} does, but at the end the reply is empty data
     * ({@code ""}, empty bytes, or {@code []} in list mode) rather than {@code :eof}, as Elixir 1.14's
     * {@code IO.read(device, :all)}.
     *
     * <pre>{@code
     * Pid io = StringIO.open("ab");
     * assert IO.read(io, IO.ALL).equals("ab");
     * assert IO.read(io, IO.ALL).equals("");
     * assert IO.read(io, IO.EOF) == IO.EOF;
     * }</pre>
     */
    public static final Atom ALL = Atom.of("all");
    static final Atom STDIO = Atom.of("stdio");
    private static final Atom STANDARD_IO = Atom.of("standard_io");
    private static final Atom STDERR = Atom.of("stderr");
    private static final Tuple TERMINATED = Tuple.of(Atom.ERROR, Atom.of("terminated"));
    private static final Object NO_REPLY = new Object();
    /** How often a call to a local device checks that the device is still alive. */
    private static final Duration CHECK = Duration.ofMillis(100);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int CHUNK = 64 * 1024;

    static {
        Kernel.flushOutput(text -> write(STDIO, text));
    }

    private IO() {}

    /**
     * The node's standard io server (registered as {@code :user}), started if it is not running; it
     * is the group leader of every process spawned from a thread that is not a process. A launcher
     * calls this first, so that every process has a group leader from the start.
     */
    public static Pid standardIo() {
        return StandardIo.stdio();
    }

    // ---------------------------------------------------------------- writing

    /** Writes {@code item} and a newline to {@code :stdio}; returns {@code :ok}. */
    public static Atom puts(Object item) {
        return puts(STDIO, item);
    }

    /** Writes {@code item} (a String, Atom, number, chardata or UTF-8 bytes) and a newline to {@code device}. */
    public static Atom puts(Object device, Object item) {
        return put(device, new PutChars(UNICODE, Chars.text(item, "puts") + "\n"));
    }

    /** Writes {@code item} to {@code :stdio}; returns {@code :ok}. */
    public static Atom write(Object item) {
        return write(STDIO, item);
    }

    /** Writes {@code item} (a String, Atom, number, chardata or UTF-8 bytes) to {@code device}; returns {@code :ok}. */
    public static Atom write(Object device, Object item) {
        return put(device, new PutChars(UNICODE, Chars.text(item, "write")));
    }

    /** Prints {@code item} as Elixir's {@code inspect} does, and a newline, to {@code :stdio}; returns {@code item}. */
    public static <T> T inspect(T item) {
        return inspect(STDIO, item);
    }

    /** Prints {@code item} as Elixir's {@code inspect} does, and a newline, to {@code device}; returns {@code item}. */
    public static <T> T inspect(Object device, T item) {
        put(device, new PutChars(UNICODE, Inspect.inspect(item) + "\n"));
        return item;
    }

    /** Writes bytes ({@code byte[]}, a String as UTF-8, or a list of those and bytes 0..255) to {@code :stdio}. */
    public static Atom binwrite(Object iodata) {
        return binwrite(STDIO, iodata);
    }

    /**
     * Writes bytes to {@code device} as they are ({@code {:put_chars, :latin1, bytes}}): a file opened
     * without {@code :utf8} stores them unchanged; a unicode device (stdio, a utf8 file, StringIO) stores
     * each byte as the latin1 character it is, as on the BEAM.
     */
    public static Atom binwrite(Object device, Object iodata) {
        return put(device, new PutChars(LATIN1, Chars.bytes(iodata)));
    }

    private static Atom put(Object device, PutChars request) {
        Object reply = call(device, request, TIMEOUT);
        if (Atom.OK.equals(reply)) return Atom.OK;
        Object reason = reply instanceof Tuple t && t.is(Atom.ERROR, 2) ? t.get(1) : reply;
        throw new ExitException(Tuple.of(reason, Tuple.of(Atom.of("io"), Atom.of("request"), List.of(device, request))));
    }

    // ---------------------------------------------------------------- reading

    /** {@link #read(Object, Object)} from {@code :stdio}. */
    public static Object read(Object count) {
        return read(STDIO, count);
    }

    /**
     * Reads text from {@code device}: {@code count} characters (an int), a line ({@link #LINE}, with its
     * newline), or everything up to the end ({@link #EOF}, or {@link #ALL}, which gives {@code ""} at
     * the end). Returns a String (a charlist in list mode), {@code :eof} at the end, or
     * {@code {:error, reason}}.
     */
    public static Object read(Object device, Object count) {
        return get(device, count, UNICODE);
    }

    /** {@link #binread(Object, Object)} from {@code :stdio}. */
    public static Object binread(Object count) {
        return binread(STDIO, count);
    }

    /**
     * Reads bytes from {@code device}: {@code count} bytes, a line ({@link #LINE}) or everything
     * ({@link #EOF}, or {@link #ALL}, which gives empty bytes at the end). Returns a {@code byte[]},
     * {@code :eof} at the end, or {@code {:error, reason}}.
     */
    public static Object binread(Object device, Object count) {
        return get(device, count, LATIN1);
    }

    /** {@link #gets(Object, Object)} from {@code :stdio}. */
    public static Object gets(Object prompt) {
        return gets(STDIO, prompt);
    }

    /** Shows {@code prompt} (on interactive devices) and reads a line: a String with its newline, {@code :eof} or {@code {:error, reason}}. */
    public static Object gets(Object device, Object prompt) {
        return call(device, new GetLine(UNICODE, Chars.text(prompt, "gets")), null);
    }

    private static Object get(Object device, Object count, Atom encoding) {
        if (LINE.equals(count)) return call(device, new GetLine(encoding, ""), null);
        if (count instanceof Integer n && n >= 0) return call(device, new GetChars(encoding, "", n), null);
        if (!EOF.equals(count) && !ALL.equals(count)) {
            throw new IllegalArgumentException("cannot read " + Inspect.inspect(count) + " from " + Inspect.inspect(device)
                    + ": give a count >= 0, IO.LINE, IO.EOF or IO.ALL");
        }
        Pid pid = resolve(device);
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Object> codes = new ArrayList<>();
        Object first = null;
        for (;;) {
            Object chunk = call(pid, new GetChars(encoding, "", CHUNK), null);
            switch (chunk) {
                case String s -> text.append(s);
                case byte[] b -> bytes.writeBytes(b);
                case List<?> l -> codes.addAll(l);
                default -> {
                    if (!EOF.equals(chunk)) return chunk;
                    if (first == null) return EOF.equals(count) ? EOF : call(pid, new GetChars(encoding, "", 0), null);
                    return first instanceof List ? List.copyOf(codes) : first instanceof byte[] ? bytes.toByteArray() : text.toString();
                }
            }
            if (first == null) first = chunk;
        }
    }

    // ---------------------------------------------------------------- the protocol

    /**
     * Sends {@code request} to {@code device} and waits up to {@code timeout} (null: as long as it
     * takes) for its reply. Throws an {@link ExitException} with reason
     * {@code {:timeout, {:io, :request, [device, request]}}} when no reply came in time; returns
     * {@code {:error, :terminated}} when the device is gone (Erlang's {@code io:request/2}, with a timeout).
     */
    public static Object request(Object device, Object request, Duration timeout) {
        return call(device, request, timeout);
    }

    private static Object call(Object device, Object request, Duration timeout) {
        Pid pid = resolve(device);
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        Object reply = NodeNames.local().equals(pid.node()) ? callLocal(pid, request, deadline) : callWatched(pid, request, deadline);
        if (reply == NO_REPLY) {
            throw new ExitException(Tuple.of(Atom.TIMEOUT, Tuple.of(Atom.of("io"), Atom.of("request"), List.of(device, request))));
        }
        return reply;
    }

    /**
     * A local device is not monitored (a monitor's signals would wake the server twice more per
     * call); whether it is alive is checked before sending and every {@link #CHECK} while waiting.
     */
    private static Object callLocal(Pid pid, Object request, long deadline) {
        if (!Kernel.alive(pid)) return TERMINATED;
        Ref ref = Kernel.makeRef();
        Kernel.send(pid, new IoRequest(Kernel.self(), ref, request));
        Matcher reply = new ReplyTo(ref);
        for (;;) {
            long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            Object r = Kernel.receive(ref, reply, Duration.ofNanos(Math.max(0, Math.min(left, CHECK.toNanos()))), () -> NO_REPLY);
            if (r != NO_REPLY) return r;
            if (!Kernel.alive(pid)) return Kernel.receive(ref, reply, Duration.ZERO, () -> TERMINATED);
            if (left <= CHECK.toNanos()) return NO_REPLY;
        }
    }

    /** The reply to request {@code ref}: a record, not a lambda capturing the ref (see {@code GenCall}). */
    private record ReplyTo(Ref ref) implements Matcher {
        @Override
        public Object match(Object m) {
            return m instanceof IoReply r && ref.equals(r.replyAs()) ? r.reply() : Kernel.NO_MATCH;
        }
    }

    /** A device on another node is monitored for the call, as Erlang's {@code io:request/2} does. */
    private static Object callWatched(Pid pid, Object request, long deadline) {
        Ref ref = Kernel.monitor(pid);
        Kernel.send(pid, new IoRequest(Kernel.self(), ref, request));
        Duration timeout = deadline == Long.MAX_VALUE ? null : Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        Object reply = Kernel.receive(ref, m -> switch (m) {
            case IoReply r when ref.equals(r.replyAs()) -> r;
            case Down d when ref.equals(d.ref()) -> d;
            default -> Kernel.NO_MATCH;
        }, timeout, () -> NO_REPLY);
        if (reply instanceof Down) return TERMINATED;
        Kernel.demonitor(ref);
        Kernel.receive(ref, m -> m instanceof Down d && ref.equals(d.ref()) ? d : Kernel.NO_MATCH, Duration.ZERO, () -> null);
        return reply instanceof IoReply r ? r.reply() : reply;
    }

    /** The pid of {@code device}: a pid, {@code :stdio}, {@code :stderr}, or a registered name; null (no group leader) is the standard io server. */
    static Pid resolve(Object device) {
        return switch (device) {
            case Pid p -> p;
            case null -> StandardIo.stdio();
            case Atom a when a == STDIO || a == STANDARD_IO -> {
                Pid leader = Kernel.groupLeader();
                yield leader != null ? leader : StandardIo.stdio();
            }
            case Atom a when a == STDERR || a == StandardIo.STANDARD_ERROR -> StandardIo.stderr();
            case Atom a -> {
                Pid p = Kernel.whereis(a);
                if (p == null) {
                    throw new IllegalArgumentException("no io device is registered as " + a + " (asked for by " + Kernel.self() + ")");
                }
                yield p;
            }
            default -> throw new IllegalArgumentException("not an io device: " + Inspect.inspect(device) + " (asked for by "
                    + Kernel.self() + "); give a pid, :stdio, :stderr or a registered name");
        };
    }
}
