package dev.weft.io;

import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
 * reason {@code :terminated} (but {@link #close} of a closed file returns {@code :ok}, as
 * {@code File.close/1} does). Results come unwrapped: {@code open} returns the pid, {@code position}
 * the new offset.
 *
 * <p>The file io server monitors the process that opened the file, as OTP's {@code file_io_server}
 * does: when that process ends, for any reason, the file is flushed and closed, and the server ending
 * does not touch the opener. A read or write the file fails ({@code :ebadf} writing a file opened for
 * reading, {@code :enospc}, {@code :invalid_unicode} reading bytes that are not UTF-8 from a
 * {@link #UTF8} file, ...) is answered {@code {:error, reason}} and closes the file: its server
 * exits with that reason and later requests get {@code {:error, :terminated}}, as on the BEAM. Anyone
 * holding the pid may use the file. Writes are buffered (64 KiB, or 1 MiB for a file written in large pieces, like Erlang's
 * {@code delayed_write}) and reach the file when the buffer fills, at most a couple of milliseconds
 * after they were made, before any read or positioning, on {@link #sync}, on {@link #close}, when
 * the owner exits, and when the server is killed; so data a write returned {@code :ok} for is in the
 * file after close and after the owner crashes ({@link #sync} also forces it to the disk). A write
 * error found when the buffer is written out is the reply to the next request.
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
    /** Accepted for Erlang's {@code :read_ahead}: reads are always buffered. */
    public static final Atom READ_AHEAD = Atom.of("read_ahead");
    /** Accepted for Erlang's {@code :delayed_write}: writes are always buffered (see the class comment). */
    public static final Atom DELAYED_WRITE = Atom.of("delayed_write");
    private static final Atom TERMINATED = Atom.of("terminated");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private FileIO() {}

    /** {@link #open(Path, Atom...)} for a path given as a string. */
    public static Pid open(String path, Atom... modes) {
        return open(Path.of(path), modes);
    }

    /**
     * Opens {@code path} and returns the pid of its io server, which monitors the caller. Modes:
     * {@link #READ}, {@link #WRITE}, {@link #APPEND}, {@link #EXCLUSIVE}, {@link #BINARY},
     * {@link #CHARLIST}, {@link #UTF8}, and {@link #READ_AHEAD} / {@link #DELAYED_WRITE}, which change
     * nothing. Without {@link #UTF8} the file is latin1: one byte per character, and text with
     * characters above 255 is refused. An unknown mode is refused (the BEAM ignores it).
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
                case "read_ahead", "delayed_write" -> { }
                default -> throw new IllegalArgumentException("unknown mode " + m + " for opening " + Inspect.quote(path.toString())
                        + " (known: :read, :write, :append, :exclusive, :binary, :charlist, :utf8, :read_ahead, :delayed_write)");
            }
        }
        if (options.isEmpty()) options.add(StandardOpenOption.READ);
        if (options.contains(StandardOpenOption.WRITE) && !options.contains(StandardOpenOption.READ)
                && !options.contains(StandardOpenOption.CREATE_NEW)) {
            options.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        // Java refuses READ with APPEND: a file opened for both is opened for writing, its device appending itself
        boolean appendItself = options.contains(StandardOpenOption.APPEND) && options.contains(StandardOpenOption.READ);
        if (appendItself) options.add(StandardOpenOption.WRITE);
        if (options.contains(StandardOpenOption.APPEND)) options.remove(appendItself ? StandardOpenOption.APPEND : StandardOpenOption.WRITE);
        if (Files.isDirectory(path)) throw new FileError(Atom.of("eisdir"), "open", path.toString());
        FileChannel channel;
        try {
            channel = FileChannel.open(path, options.toArray(new OpenOption[0]));
        } catch (IOException e) {
            throw new FileError(FileError.reasonOf(e), "open", path.toString());
        }
        boolean readable = options.contains(StandardOpenOption.READ);
        boolean writable = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
        return IoServer.start(new FileDevice(channel, readable, writable, appendItself), IoServer.Owner.MONITORED, encoding, binary);
    }

    /**
     * Flushes and closes the file; its io server ends. Returns {@code :ok}, also for a file that is
     * closed already, as {@code File.close/1} does.
     *
     * @throws FileError with the reason a buffered write failed with ({@code :enospc}, ...)
     */
    public static Atom close(Pid device) {
        Object reply = IO.request(device, IoServer.CLOSE, TIMEOUT);
        return reply instanceof Tuple t && t.is(Atom.ERROR, 2) && TERMINATED.equals(t.get(1)) ? Atom.OK : (Atom) check(reply, "close", device);
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

    /** Writes out buffered data and forces it and the file's metadata to the disk ({@code :file.sync/1}). */
    public static Atom sync(Pid device) {
        return (Atom) call(device, Atom.of("sync"), "sync");
    }

    /** Writes out buffered data and forces it to the disk, metadata only as needed to read it back ({@code :file.datasync/1}). */
    public static Atom datasync(Pid device) {
        return (Atom) call(device, Atom.of("datasync"), "datasync");
    }

    /**
     * Cuts the file off at its position ({@code :file.truncate/1}).
     *
     * <pre>{@code
     * Pid f = FileIO.open(path, FileIO.READ, FileIO.WRITE);
     * FileIO.position(f, 5);
     * FileIO.truncate(f);          // the file now holds its first 5 bytes
     * }</pre>
     *
     * @throws FileError {@code :einval} for a file not opened for writing (which then closes, as on the BEAM)
     */
    public static Atom truncate(Pid device) {
        return (Atom) call(device, Atom.of("truncate"), "truncate");
    }

    private static Object call(Pid device, Object request, String action) {
        return check(IO.request(device, request, TIMEOUT), action, device);
    }

    private static Object check(Object reply, String action, Pid device) {
        if (reply instanceof Tuple t && t.is(Atom.ERROR, 2)) throw new FileError(t.get(1), action, device.toString());
        return reply;
    }

    /** Whether {@code path} names a file, a directory or anything else that exists, following links ({@code File.exists?/1}). */
    public static boolean exists(Path path) {
        return Files.exists(path);
    }

    /**
     * Removes the file {@code path} ({@code File.rm!/1}); returns {@code :ok}.
     *
     * <pre>{@code
     * FileIO.write(path, "scratch");
     * FileIO.rm(path);
     * assert !FileIO.exists(path);
     * }</pre>
     *
     * @throws FileError {@code :enoent} if there is no such file, {@code :eperm} for a directory (as on Linux)
     */
    public static Atom rm(Path path) {
        try {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) throw new FileError(Atom.of("eperm"), "remove file", path.toString());
            Files.delete(path);
            return Atom.OK;
        } catch (IOException e) {
            throw new FileError(FileError.reasonOf(e), "remove file", path.toString());
        }
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
