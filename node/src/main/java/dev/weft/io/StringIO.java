package dev.weft.io;

import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.time.Duration;

/**
 * Elixir's {@code StringIO}: an io device in memory. Reads come from the string it was opened with;
 * writes are collected. Handy in tests, for example as a process's group leader to capture what it
 * prints.
 *
 * <pre>{@code
 * Pid io = StringIO.open("line one\nline two\n");
 * assert IO.read(io, IO.LINE).equals("line one\n");
 * IO.write(io, "written");
 * assert StringIO.contents(io).equals(Tuple.of("line two\n", "written"));
 * StringIO.close(io);
 * }</pre>
 *
 * <p>The device is a unicode device in binary mode, linked to the process that opened it: it ends
 * when that process does. Prompts are not captured.
 */
public final class StringIO {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private StringIO() {}

    /** Starts a StringIO device reading from {@code input}, linked to the caller, and returns its pid. */
    public static Pid open(String input) {
        return IoServer.start(new StringDevice(input), IoServer.Owner.LINKED, PutChars.UNICODE, true);
    }

    /** The input not read yet and the output written so far: {@code {input, output}}. */
    public static Tuple contents(Pid device) {
        return (Tuple) IO.request(device, StringDevice.CONTENTS, TIMEOUT);
    }

    /** The output written so far, which is cleared. */
    public static String flush(Pid device) {
        return (String) IO.request(device, StringDevice.FLUSH, TIMEOUT);
    }

    /** Stops the device and returns {@code {:ok, {input, output}}} with its final contents, as Elixir's. */
    public static Tuple close(Pid device) {
        return Tuple.of(Atom.OK, IO.request(device, IoServer.CLOSE, TIMEOUT));
    }
}
