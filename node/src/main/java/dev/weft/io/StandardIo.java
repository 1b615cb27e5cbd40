package dev.weft.io;

import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * The node's standard io: one server writing {@code System.out} and reading {@code System.in}
 * (registered as {@code :user}, the default group leader), and one writing {@code System.err}
 * (registered as {@code :standard_error}). Both start on first use. The streams are looked up on
 * every request, so {@code System.setOut} takes effect at once.
 *
 * <p>Stdin is read on a daemon thread only while some process waits for input, so output goes on
 * while a read waits for a line.
 */
final class StandardIo implements Device {
    static final Atom USER = Atom.of("user");
    static final Atom STANDARD_ERROR = Atom.of("standard_error");
    private static Pid stdio;
    private static Pid stderr;

    private final boolean error;
    /** Input read in the background and not handed over yet, from readyPos. */
    private byte[] ready;
    private int readyPos;
    private boolean reading;
    /** The background read hit the end of stdin: the next read says so (once; a terminal may give more after). */
    private boolean atEnd;

    private StandardIo(boolean error) {
        this.error = error;
    }

    /** The standard-io server, started (and made the default group leader) if it is not running. */
    static synchronized Pid stdio() {
        if (stdio == null || !Kernel.alive(stdio)) {
            stdio = start(false, USER);
            Kernel.defaultGroupLeader(stdio);
        }
        return stdio;
    }

    /** The standard-error server, started if it is not running. */
    static synchronized Pid stderr() {
        if (stderr == null || !Kernel.alive(stderr)) stderr = start(true, STANDARD_ERROR);
        return stderr;
    }

    private static Pid start(boolean error, Atom name) {
        Pid pid = IoServer.start(new StandardIo(error), IoServer.Owner.NONE, PutChars.UNICODE, true);
        if (Kernel.whereis(name) == null) Kernel.register(pid, name);
        return pid;
    }

    private PrintStream out() {
        return error ? System.err : System.out;
    }

    @Override
    public void write(byte[] bytes) {
        PrintStream out = out();
        out.write(bytes, 0, bytes.length);
        out.flush();
    }

    @Override
    public void prompt(byte[] prompt) {
        write(prompt);
    }

    /**
     * Hands over input read in the background; with none, starts reading {@code System.in} on a
     * daemon thread (once at a time, only when asked, so stdin is not taken from anyone else) and
     * answers {@link Device#LATER}.
     */
    @Override
    public int read(byte[] into, int off, int len) {
        if (error) return -1;
        if (ready != null) {
            int n = Math.min(len, ready.length - readyPos);
            System.arraycopy(ready, readyPos, into, off, n);
            readyPos += n;
            if (readyPos == ready.length) ready = null;
            return n;
        }
        if (atEnd) {
            atEnd = false;
            return -1;
        }
        if (!reading) {
            reading = true;
            Pid server = Kernel.self();
            InputStream in = System.in;
            Thread.ofPlatform().daemon().name("weft-stdin").start(() -> Kernel.send(server, new Arrived(readSome(in))));
        }
        return LATER;
    }

    private static byte[] readSome(InputStream in) {
        byte[] buf = new byte[8192];
        try {
            int n = in.read(buf);
            return n < 0 ? null : Arrays.copyOf(buf, n);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void arrived(byte[] bytes) {
        reading = false;
        ready = bytes;
        readyPos = 0;
        atEnd = bytes == null;
    }

    @Override
    public Object close() {
        return Atom.OK;
    }
}
