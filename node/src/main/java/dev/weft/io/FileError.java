package dev.weft.io;

import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Map;

/**
 * A file operation failed: Elixir's {@code File.Error}. The reason is the POSIX-style atom the BEAM
 * gives ({@code :enoent}, {@code :eacces}, {@code :eisdir}, {@code :eexist}, {@code :ebadf}, ...) or
 * {@code :terminated} when the file's io server is gone.
 *
 * <pre>{@code
 * try {
 *     FileIO.open("/no/such/file", FileIO.READ);
 * } catch (FileError e) {
 *     assert e.reason().equals(Atom.of("enoent"));
 *     System.out.println(e.getMessage());  // could not open "/no/such/file": no such file or directory
 * }
 * }</pre>
 */
public final class FileError extends RuntimeException {
    private static final Map<String, String> TEXT = Map.of(
            "enoent", "no such file or directory",
            "eacces", "permission denied",
            "eisdir", "illegal operation on a directory",
            "enotdir", "not a directory",
            "eexist", "file already exists",
            "ebadf", "bad file number",
            "enospc", "no space left on device",
            "einval", "invalid argument",
            "eperm", "not owner",
            "terminated", "the file's io server is not alive");

    private final transient Object reason;
    private final String action;
    private final String path;

    /**
     * @param reason the reason term, usually a POSIX atom
     * @param action what was attempted: {@code "open"}, {@code "read"}, {@code "write"}, {@code "position"}, ...
     * @param path   the file (a path or the device's pid)
     */
    public FileError(Object reason, String action, String path) {
        super("could not " + action + " " + Inspect.quote(path) + ": "
                + (reason instanceof Atom a && TEXT.containsKey(a.name()) ? TEXT.get(a.name()) : Inspect.inspect(reason)));
        this.reason = reason;
        this.action = action;
        this.path = path;
    }

    public Object reason() {
        return reason;
    }

    public String action() {
        return action;
    }

    public String path() {
        return path;
    }

    /** The BEAM's reason atom for a Java IO failure. */
    static Atom reasonOf(IOException e) {
        String text = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        String name = switch (e) {
            case NoSuchFileException x -> "enoent";
            case AccessDeniedException x -> "eacces";
            case FileAlreadyExistsException x -> "eexist";
            case NotDirectoryException x -> "enotdir";
            default -> text == null ? "eio"
                    : text.contains("Is a directory") ? "eisdir"
                    : text.contains("Not a directory") ? "enotdir"
                    : text.contains("No space left") ? "enospc"
                    : text.contains("Permission denied") ? "eacces"
                    : text.contains("Too many open files") ? "emfile"
                    : "eio";
        };
        return Atom.of(name);
    }
}
