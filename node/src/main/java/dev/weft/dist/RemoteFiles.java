package dev.weft.dist;

import dev.weft.io.FileError;
import dev.weft.io.FileIO;
import dev.weft.process.Down;
import dev.weft.process.Exit;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Files on this node opened from other nodes ({@link Node#openFile}). The path is confined to the
 * node's file root, checked component by component with every symbolic link resolved, so neither
 * {@code ..}, nor a link pointing out, nor a sibling such as {@code root2} passes for {@code root}.
 * The file's io server is owned by a small process spawned here and linked to the remote opener: when
 * the opener exits, or its node goes away ({@code :noconnection}), that process exits with the same
 * reason and the io server, which monitors it, flushes and closes the file; once the file is closed
 * (by the opener, or after a failed read or write, which ends the io server as on the BEAM), that
 * process unlinks from the opener and ends.
 */
final class RemoteFiles {
    /** The name remote spawn knows this under; refused on a node without a file root. */
    static final String EXPORT = "weft.file.open";
    private static final Atom EACCES = Atom.of("eacces");
    private static final System.Logger LOG = System.getLogger("dev.weft.dist");

    private RemoteFiles() {}

    /** Runs on this node, in a process linked to {@code opener}: opens the file, replies, then owns it. */
    static void serve(Path root, Pid opener, Ref ref, String path, List<?> modes) {
        Kernel.trapExit(true);
        Pid device;
        try {
            device = FileIO.open(confine(root, path), modes.stream().map(Atom.class::cast).toArray(Atom[]::new));
        } catch (FileError e) {
            Kernel.unlink(opener);
            Kernel.send(opener, new RpcReply(ref, Tuple.of(Atom.ERROR, e.reason())));
            return;
        }
        Ref closed = Kernel.monitor(device);
        Kernel.send(opener, new RpcReply(ref, Tuple.of(Atom.OK, device)));
        Object why = Kernel.receive(m -> switch (m) {
            case Exit x when x.from().equals(opener) -> x;
            case Down d when d.ref().equals(closed) -> d;
            default -> Kernel.NO_MATCH;
        });
        if (why instanceof Exit x) throw Kernel.exit(x.reason());
        Kernel.unlink(opener);
    }

    /** {@code requested} under {@code root}, every link resolved; {@code :eacces} if it leads outside. */
    static Path confine(Path root, String requested) {
        try {
            Path realRoot = root.toRealPath();
            Path rel = Path.of(requested);
            if (rel.isAbsolute()) {
                if (!rel.startsWith(realRoot)) throw outside(requested, root);
                rel = realRoot.relativize(rel);
            }
            Path at = realRoot;
            for (Path part : rel) {
                if (part.toString().equals("..")) throw outside(requested, root);
                if (part.toString().equals(".") || part.toString().isEmpty()) continue;
                Path next = at.resolve(part);
                if (Files.isSymbolicLink(next)) next = next.toRealPath();
                else if (Files.exists(next, LinkOption.NOFOLLOW_LINKS)) next = next.toRealPath(LinkOption.NOFOLLOW_LINKS);
                if (!next.startsWith(realRoot)) throw outside(requested, root);
                at = next;
            }
            return at;
        } catch (IOException e) {
            throw new FileError(e instanceof NoSuchFileException ? Atom.of("enoent") : EACCES, "open", requested);
        }
    }

    private static FileError outside(String requested, Path root) {
        LOG.log(System.Logger.Level.WARNING, "refused a remote open of " + requested + ": outside the file root " + root);
        return new FileError(EACCES, "open", requested);
    }
}
