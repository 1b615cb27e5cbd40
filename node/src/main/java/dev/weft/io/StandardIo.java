package dev.weft.io;

import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * The node's standard io: one server writing {@code System.out} and reading {@code System.in}
 * (registered as {@code :user}, the default group leader), and one writing {@code System.err}
 * (registered as {@code :standard_error}). Both start on first use. The streams are looked up on
 * every request, so {@code System.setOut} takes effect at once.
 *
 * <p>Where Weft differs from the BEAM: a read waits in the server, so output sent to the same server
 * while it waits for a line of input comes out after that line.
 */
final class StandardIo implements Device {
    static final Atom USER = Atom.of("user");
    static final Atom STANDARD_ERROR = Atom.of("standard_error");
    private static Pid stdio;
    private static Pid stderr;

    private final boolean error;

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
        Pid pid = IoServer.start(new StandardIo(error), false, PutChars.UNICODE, true);
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

    @Override
    public int read(byte[] into, int off, int len) throws IOException {
        InputStream in = System.in;
        return error ? -1 : in.read(into, off, len);
    }

    @Override
    public Object close() {
        return Atom.OK;
    }
}
