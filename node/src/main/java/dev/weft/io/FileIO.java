package dev.weft.io;

import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Elixir's {@code File}, for files opened as io devices: {@link #open} returns the pid of a file io
 * server that {@link IO} reads and writes. (Named {@code FileIO} so it can be used beside
 * {@code java.io.File} and {@code java.nio.file.Files} without qualifying either.)
 *
 * <pre>{@code
 * Pid file = FileIO.open(Path.of("notes.txt"), FileIO.WRITE, FileIO.UTF8);
 * IO.puts(file, "first line");
 * FileIO.close(file);
 * Pid again = FileIO.open(Path.of("notes.txt"), FileIO.READ, FileIO.UTF8);
 * assert IO.read(again, IO.LINE).equals("first line\n");
 * FileIO.close(again);
 * }</pre>
 *
 * <p>Errors: where Elixir's {@code File} functions return {@code {:error, reason}}, these throw a
 * {@link FileError} carrying that reason ({@code :enoent}, {@code :eacces}, {@code :eisdir},
 * {@code :eexist}, {@code :ebadf}, ...), like Elixir's {@code File.open!}; a device that is gone gives
 * reason {@code :terminated}. Results come unwrapped: {@code open} returns the pid, {@code position}
 * the new offset.
 *
 * <p>The file io server is linked to the process that opened the file and traps exits: when that
 * process ends, for any reason, the file is flushed and closed. Anyone holding the pid may use the
 * file. Writes are buffered (up to 64 KiB) and reach the file when the buffer fills, when the server
 * has been idle for a couple of milliseconds, before any read or positioning, on {@link #sync}, on
 * {@link #close}, when the owner exits, and when the server is killed; so data a write returned
 * {@code :ok} for is in the file after close and after the owner crashes ({@link #sync} also forces
 * it to the disk).
 */
public final class FileIO {
    /** Open for reading (the default when no access mode is given); the file must exist. */
    public static final Atom READ = Atom.of("read");
    /** Open for writing; creates the file, and truncates it unless {@link #READ} is given too. */
    public static final Atom WRITE = Atom.of("write");
    /** Open for writing at the end; creates the file. */
    public static final Atom APPEND = Atom.of("append");
    /** Open for writing a new file; {@code :eexist} if it exists. */
    public static final Atom EXCLUSIVE = Atom.of("exclusive");
    /** Data comes back as Strings and bytes (the default). */
    public static final Atom BINARY = Atom.of("binary");
    /** Data comes back as lists of character codes. */
    public static final Atom CHARLIST = Atom.of("charlist");
    /** The file holds UTF-8 text: {@code IO.read} counts characters, {@code IO.write} of any text works. */
    public static final Atom UTF8 = Chars.UTF8;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private FileIO() {}

    /** {@link #open(Path, Atom...)} for a path given as a string. */
    public static Pid open(String path, Atom... modes) {
        return open(Path.of(path), modes);
    }

    /**
     * Opens {@code path} and returns the pid of its io server, linked to the caller. Modes:
     * {@link #READ}, {@link #WRITE}, {@link #APPEND}, {@link #EXCLUSIVE}, {@link #BINARY},
     * {@link #CHARLIST}, {@link #UTF8}. Without {@link #UTF8} the file is latin1: one byte per
     * character, and text with characters above 255 is refused.
     *
     * @throws FileError with {@code :enoent}, {@code :eacces}, {@code :eisdir}, {@code :eexist}, ...
     */
    public static Pid open(Path path, Atom... modes) {
        Set<StandardOpenOption> options = EnumSet.noneOf(StandardOpenOption.class);
        Atom encoding = PutChars.LATIN1;
        boolean binary = true;
        for (Atom m : modes) {
            switch (m.name()) {
                case "read" -> options.add(StandardOpenOption.READ);
                case "write" -> options.addAll(Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE));
                case "append" -> options.addAll(Set.of(StandardOpenOption.APPEND, StandardOpenOption.CREATE));
                case "exclusive" -> options.addAll(Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW));
                case "binary" -> binary = true;
                case "charlist" -> binary = false;
                case "utf8" -> encoding = PutChars.UNICODE;
                default -> throw new IllegalArgumentException("unknown mode " + m + " for opening " + Inspect.quote(path.toString())
                        + " (known: :read, :write, :append, :exclusive, :binary, :charlist, :utf8)");
            }
        }
        if (options.isEmpty()) options.add(StandardOpenOption.READ);
        if (options.contains(StandardOpenOption.WRITE) && !options.contains(StandardOpenOption.READ)
                && !options.contains(StandardOpenOption.CREATE_NEW)) {
            options.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        if (options.contains(StandardOpenOption.APPEND)) options.remove(StandardOpenOption.WRITE);
        if (Files.isDirectory(path)) throw new FileError(Atom.of("eisdir"), "open", path.toString());
        FileChannel channel;
        try {
            channel = FileChannel.open(path, options.toArray(new OpenOption[0]));
        } catch (IOException e) {
            throw new FileError(FileError.reasonOf(e), "open", path.toString());
        }
        boolean readable = options.contains(StandardOpenOption.READ);
        boolean writable = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
        return IoServer.start(new FileDevice(channel, readable, writable), true, encoding, binary);
    }

    /** Flushes and closes the file; its io server ends. */
    public static Atom close(Pid device) {
        return (Atom) call(device, IoServer.CLOSE, "close");
    }

    /**
     * Moves the file's position and returns it: {@code at} is an offset from the start, or
     * {@code :bof}/{@code :cur}/{@code :eof}, or {@code Tuple.of(:bof | :cur | :eof, offset)}.
     */
    public static long position(Pid device, Object at) {
        return ((Number) ((Tuple) call(device, Tuple.of(Atom.of("position"), at), "position")).get(1)).longValue();
    }

    /**
     * Reads up to {@code count} bytes at offset {@code at} without moving the position: a
     * {@code byte[]} (shorter at the end of the file), or {@code :eof} past it.
     */
    public static Object pread(Pid device, long at, int count) {
        Object r = call(device, Tuple.of(Atom.of("pread"), at, count), "pread");
        return r instanceof Tuple t ? t.get(1) : r;
    }

    /** Writes bytes ({@code byte[]}, a String as UTF-8, or iodata) at offset {@code at} without moving the position. */
    public static Atom pwrite(Pid device, long at, Object iodata) {
        return (Atom) call(device, Tuple.of(Atom.of("pwrite"), at, Chars.bytes(iodata)), "pwrite");
    }

    /** Writes out buffered data and forces it to the disk ({@code :file.sync/1}). */
    public static Atom sync(Pid device) {
        return (Atom) call(device, Atom.of("sync"), "sync");
    }

    private static Object call(Pid device, Object request, String action) {
        Object reply = IO.request(device, request, TIMEOUT);
        if (reply instanceof Tuple t && t.is(Atom.ERROR, 2)) throw new FileError(t.get(1), action, device.toString());
        return reply;
    }

    /** The whole content of {@code path} ({@code File.read!/1}). */
    public static byte[] read(Path path) {
        try {
            if (Files.isDirectory(path)) throw new FileError(Atom.of("eisdir"), "read", path.toString());
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new FileError(FileError.reasonOf(e), "read", path.toString());
        }
    }

    /**
     * Writes {@code content} (a String as UTF-8, bytes, or iodata) to {@code path}, replacing it, or
     * at its end with {@link #APPEND} ({@code File.write!/3}).
     */
    public static Atom write(Path path, Object content, Atom... modes) {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        for (Atom m : modes) {
            if (m.equals(APPEND)) options.add(StandardOpenOption.APPEND);
            else if (m.equals(EXCLUSIVE)) options.add(StandardOpenOption.CREATE_NEW);
            else if (!m.equals(WRITE) && !m.equals(BINARY)) {
                throw new IllegalArgumentException("unknown mode " + m + " for writing " + Inspect.quote(path.toString())
                        + " (known: :write, :append, :exclusive, :binary)");
            }
        }
        if (!options.contains(StandardOpenOption.APPEND)) options.add(StandardOpenOption.TRUNCATE_EXISTING);
        try {
            if (Files.isDirectory(path)) throw new FileError(Atom.of("eisdir"), "write", path.toString());
            Files.write(path, Chars.bytes(content), options.toArray(new OpenOption[0]));
            return Atom.OK;
        } catch (IOException e) {
            throw new FileError(FileError.reasonOf(e), "write", path.toString());
        }
    }
}
