package dev.weft.io;

import static dev.weft.io.PutChars.LATIN1;
import static dev.weft.io.PutChars.UNICODE;

import dev.weft.process.Down;
import dev.weft.process.Exit;
import dev.weft.process.ExitException;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.io.IOException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * The loop every io server runs: answers {@link IoRequest}s for one {@link Device} until it is
 * closed or its owner exits. It traps exits and links to or monitors its owner ({@link Owner}), so
 * when the owner dies the device is flushed and closed; it also flushes and closes when it is itself
 * killed. A device that {@linkplain Device#stopsOnError stops on errors} (a file) is closed after it
 * replied {@code {:error, reason}} to a read or a write, and the server exits with that reason, as
 * OTP's {@code file_io_server} does. Messages that are not io requests are dropped, as the BEAM's io
 * servers do. A read from a device that fetches input in the background (stdin) waits in a queue
 * while output requests go on being answered.
 */
final class IoServer {
    /** How a server watches the process that started it. */
    enum Owner {
        /** Nobody: the server runs until it is closed (the node's standard io). */
        NONE,
        /** Linked, as Elixir's StringIO is to its opener. */
        LINKED,
        /** Monitored, as OTP's file_io_server watches its opener: the server ending does not touch the opener. */
        MONITORED
    }

    /** A request that fails with an Erlang-shaped reason. */
    static final class Failure extends RuntimeException {
        final Object reason;

        Failure(Object reason) {
            super(String.valueOf(reason), null, false, false);
            this.reason = reason;
        }
    }

    /** Thrown when a read must wait for input that the device fetches in the background. */
    private static final class Later extends RuntimeException {
        Later() {
            super(null, null, false, false);
        }
    }

    private static final Later LATER = new Later();
    static final Atom CLOSE = Atom.of("close");
    static final Atom EOF = Atom.of("eof");
    private static final Atom IO_REPLY = Atom.of("io_reply");
    private static final Atom BINARY = Atom.of("binary");
    private static final Atom LIST = Atom.of("list");
    private static final Atom ENCODING = Atom.of("encoding");
    private static final Tuple ENOTSUP = Tuple.of(Atom.ERROR, Atom.of("enotsup"));
    /** How long written data may wait in a buffer. */
    private static final Duration FLUSH_DELAY = Duration.ofMillis(2);
    /** The message a server sends itself when its buffer got data: write it out now. */
    private static final Object FLUSH_TICK = new Object();

    private final Device device;
    private final Pid owner;
    private final boolean linked;
    /** The monitor of a {@link Owner#MONITORED} owner. */
    private Ref watch;
    private Atom encoding;
    private boolean binary;
    private boolean closed;
    /** A request being served, and whether it came as Erlang's tuple (its reply is then one too). */
    private record Pending(IoRequest request, boolean tuple) {}

    /** Input requests waiting for input that is on its way (stdin), in order; output is not held up by them. */
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    /** The request being answered waited before: its prompt was shown. */
    private boolean retrying;
    /** A {@link #FLUSH_TICK} is on its way. */
    private boolean flushArmed;
    /** The reason of an error from a timed flush, not yet reported. */
    private Object deferredError;
    /** Why the server stops once it has replied: the device failed a read or a write. */
    private Object stopReason;
    /** Input read ahead: bytes [inPos, inEnd) of in. */
    private byte[] in = new byte[8192];
    private int inPos;
    private int inEnd;

    private IoServer(Device device, Pid owner, boolean linked, Atom encoding, boolean binary) {
        this.device = device;
        this.owner = owner;
        this.linked = linked;
        this.encoding = encoding;
        this.binary = binary;
    }

    /**
     * Spawns the server for {@code device}, owned by the caller as {@code owner} says. An owned server
     * links to or monitors the caller before this returns: from the server's side, after it traps
     * exits, so an owner that dies at any moment still closes the device.
     */
    static Pid start(Device device, Owner owner, Atom encoding, boolean binary) {
        IoServer server = new IoServer(device, owner == Owner.NONE ? null : Kernel.self(), owner == Owner.LINKED, encoding, binary);
        if (owner == Owner.NONE) return Kernel.spawn(() -> server.run(null));
        Ref ready = Kernel.makeRef();
        Pid pid = Kernel.spawn(() -> server.run(ready));
        Object ack = Kernel.receive(ready, m -> m == ready ? m : Kernel.NO_MATCH, Duration.ofSeconds(5), () -> null);
        if (ack == null) throw new ExitException(Tuple.of(Atom.TIMEOUT, Tuple.of(Atom.of("io"), Atom.of("start"), List.of(pid))));
        return pid;
    }

    private void run(Ref ready) {
        Kernel.trapExit(true);
        try {
            if (owner != null) {
                if (linked) Kernel.link(owner);
                else watch = Kernel.monitor(owner);
                Kernel.send(owner, ready);
            }
            while (!closed) {
                Object m = Kernel.receive();
                switch (m) {
                    case IoRequest r -> request(new Pending(r, false));
                    case Tuple t when IoRequest.fromTuple(t) instanceof IoRequest r -> request(new Pending(r, true));
                    case Device.Arrived a -> {
                        device.arrived(a.bytes());
                        boolean attempted = true;
                        while (!waiting.isEmpty() && serve(waiting.peek(), attempted)) {
                            waiting.poll();
                            attempted = false;
                        }
                    }
                    case Exit e when linked && e.from().equals(owner) -> close();
                    case Down d when d.ref().equals(watch) -> close();
                    default -> {
                        if (m == FLUSH_TICK) {
                            flushArmed = false;
                            flush();
                        }
                    }
                }
                if (!flushArmed && device.pending()) {
                    flushArmed = true;
                    Kernel.sendAfter(Kernel.self(), FLUSH_TICK, FLUSH_DELAY);
                }
            }
            if (linked) Kernel.unlink(owner);
            else if (watch != null) Kernel.demonitor(watch, Kernel.FLUSH);
        } finally {
            if (!closed) close();
        }
        if (stopReason != null) throw Kernel.exit(stopReason);
    }

    /** Answers {@code p} now, or queues it behind the input requests waiting (output goes ahead of them). */
    private void request(Pending p) {
        if (!waiting.isEmpty() && !(p.request.request() instanceof PutChars) || !serve(p, false)) waiting.add(p);
    }

    /**
     * Answers {@code p}; false if it must wait for input.
     * {@code again}: it waited before, so its prompt has been shown.
     */
    private boolean serve(Pending p, boolean again) {
        IoRequest r = p.request;
        Object reply;
        retrying = again;
        try {
            reply = handle(r.request());
        } catch (Later later) {
            return false;
        } finally {
            retrying = false;
        }
        Kernel.send(r.from(), p.tuple ? Tuple.of(IO_REPLY, r.replyAs(), reply) : new IoReply(r.replyAs(), reply));
        if (stopReason != null) close();
        else if (device.full()) flush();
        return true;
    }

    /** Writes out buffered data on the timer; a failure is the reply to the next request, as with Erlang's delayed_write. */
    private void flush() {
        try {
            device.flush();
        } catch (IOException e) {
            deferredError = FileError.reasonOf(e);
        }
    }

    private Object close() {
        closed = true;
        try {
            return device.close();
        } catch (IOException e) {
            return Tuple.of(Atom.ERROR, FileError.reasonOf(e));
        }
    }

    private Object handle(Object request) {
        if (deferredError != null) {
            Object e = deferredError;
            deferredError = null;
            return failed(e);
        }
        try {
            return switch (request) {
                case PutChars(Atom enc, Object chars) -> {
                    byte[] bytes = Chars.encode(enc, chars, encoding);
                    dropInput();
                    device.write(bytes);
                    yield Atom.OK;
                }
                case GetChars(Atom enc, Object prompt, int count) -> {
                    prompt(prompt);
                    yield count <= 0 ? Chars.decode(in, 0, 0, encoding, enc, binary, null) : take(enc, charsEnd(count), Chars.INVALID_UNICODE);
                }
                case GetLine(Atom enc, Object prompt) -> {
                    prompt(prompt);
                    yield line(enc);
                }
                case SetOpts(List<Object> opts) -> setopts(opts);
                case GetOpts() -> List.of(Tuple.of(BINARY, binary), Tuple.of(ENCODING, encoding));
                case Requests(List<Object> requests) -> {
                    Object reply = Atom.OK;
                    for (Object r : requests) {
                        reply = handle(r);
                        if (reply instanceof Tuple t && t.is(Atom.ERROR, 2)) break;
                    }
                    yield reply;
                }
                case Atom a when a == CLOSE -> {
                    dropInput();
                    yield close();
                }
                default -> {
                    dropInput();
                    yield device.control(request);
                }
            };
        } catch (Failure f) {
            return failed(f.reason);
        } catch (IllegalArgumentException e) {
            return Tuple.of(Atom.ERROR, Atom.of("badarg"));
        } catch (NonWritableChannelException | NonReadableChannelException e) {
            return failed(Atom.of("ebadf"));
        } catch (IOException e) {
            return failed(FileError.reasonOf(e));
        }
    }

    /**
     * The reply to a request the device failed (an argument the device refused is not a failure);
     * a device that stops on errors is closed after it, the server exiting with the reason (its first
     * element if a tuple: {@code {:no_translation, :unicode, :latin1}} ends it with {@code :no_translation}).
     */
    private Tuple failed(Object reason) {
        if (device.stopsOnError()) stopReason = reason instanceof Tuple t ? t.get(0) : reason;
        return Tuple.of(Atom.ERROR, reason);
    }

    private void prompt(Object prompt) throws IOException {
        if (retrying) return;
        byte[] p = Chars.encode(UNICODE, prompt == null ? "" : prompt, UNICODE);
        if (p.length > 0) device.prompt(p);
    }

    private Object setopts(List<Object> opts) {
        boolean bin = binary;
        Atom enc = encoding;
        for (Object o : opts) {
            if (o == BINARY) bin = true;
            else if (o == LIST) bin = false;
            else if (o instanceof Tuple t && t.is(BINARY, 2) && t.get(1) instanceof Boolean b) bin = b;
            else if (o instanceof Tuple t && t.is(ENCODING, 2)) enc = Chars.encoding(t.get(1));
            else return ENOTSUP;
        }
        binary = bin;
        encoding = enc;
        return Atom.OK;
    }

    // ---- input ----

    /** Forgets input read ahead when the device shares one position for reading and writing (a file). */
    private void dropInput() throws IOException {
        if (inEnd > inPos && device.unread(inEnd - inPos)) inPos = inEnd = 0;
    }

    /** Reads more input behind what is buffered; false at end of input. */
    private boolean fill() throws IOException {
        if (inPos > 0) {
            System.arraycopy(in, inPos, in, 0, inEnd - inPos);
            inEnd -= inPos;
            inPos = 0;
        }
        if (inEnd == in.length) in = Arrays.copyOf(in, in.length * 2);
        int n = device.read(in, inEnd, in.length - inEnd);
        if (n == Device.LATER) throw LATER;
        if (n < 0) return false;
        inEnd += n;
        return true;
    }

    /** The end of the next {@code count} characters (fewer at end of input). */
    private int charsEnd(int count) throws IOException {
        for (;;) {
            int i = inPos;
            int k = 0;
            if (encoding == LATIN1) {
                i = Math.min(inEnd, inPos + count);
                k = i - inPos;
            } else {
                while (k < count && i < inEnd && i + Chars.utf8Length(in[i]) <= inEnd) {
                    i += Chars.utf8Length(in[i]);
                    k++;
                }
            }
            if (k == count || !fill()) return k == count ? i : inEnd;
        }
    }

    private Object line(Atom enc) throws IOException {
        int scanned = 0;
        for (;;) {
            for (int i = inPos + scanned; i < inEnd; i++) {
                if (in[i] == '\n') {
                    if (i > inPos && in[i - 1] == '\r') {
                        in[i - 1] = '\n';
                        Object line = take(enc, i, Chars.NOT_UTF8_LINE);
                        inPos = i + 1;
                        return line;
                    }
                    return take(enc, i + 1, Chars.NOT_UTF8_LINE);
                }
            }
            scanned = inEnd - inPos;
            if (!fill()) return take(enc, inEnd, Chars.NOT_UTF8_LINE);
        }
    }

    /** The reply for input up to {@code end}, consumed; {@code :eof} if there is none; {@code invalid} fails bytes that are not UTF-8. */
    private Object take(Atom enc, int end, Object invalid) {
        if (end == inPos) return EOF;
        Object data = Chars.decode(in, inPos, end - inPos, encoding, enc, binary, invalid);
        inPos = end;
        return data;
    }
}
