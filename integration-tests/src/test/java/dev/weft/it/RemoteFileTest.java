package dev.weft.it;

import static dev.weft.process.Kernel.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.dist.Node;
import dev.weft.io.FileError;
import dev.weft.io.FileIO;
import dev.weft.io.IO;
import dev.weft.process.Down;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RemoteFileTest {
    static NodeProcess b;
    static Path root;

    @BeforeAll
    static void cluster() {
        b = Cluster.b();
        root = Cluster.bRoot();
    }

    @Test
    void aProcessHereWritesAndReadsAFileOnAnotherNodeThroughItsDevicePid() throws Exception {
        Pid f = Node.openFile(b.name, "notes.txt", FileIO.WRITE, FileIO.UTF8);
        assertEquals(b.name, f.node());
        IO.write(f, "héllo from ");
        IO.puts(f, Node.self().name());
        FileIO.close(f);
        assertEquals("héllo from it@127.0.0.1\n", Files.readString(root.resolve("notes.txt")));

        Pid g = Node.openFile(b.name, "notes.txt", FileIO.READ);
        assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), (byte[]) IO.binread(g, 6));
        assertArrayEquals(" from it@127.0.0.1\n".getBytes(StandardCharsets.UTF_8), (byte[]) IO.binread(g, IO.LINE));
        assertEquals(IO.EOF, IO.binread(g, IO.LINE));
        FileIO.close(g);
        await().atMost(NodeProcess.timeout()).until(() -> info(self()).links().stream().noneMatch(p -> p.node().equals(b.name)));
    }

    @Test
    void whenTheOpenerDiesTheRemoteFileIsFlushedAndClosed() throws Exception {
        Pid me = self();
        Pid opener = spawn(() -> {
            Pid f = Node.openFile(b.name, "owned.txt", FileIO.WRITE);
            IO.write(f, "kept");
            send(me, f);
            receive(m -> NO_MATCH);
        });
        Pid device = receive(m -> m instanceof Pid p ? p : NO_MATCH, NodeProcess.timeout(), () -> null);
        Ref ref = monitor(device);
        exit(opener, Atom.KILL);
        receive(m -> m instanceof Down d && d.ref().equals(ref) ? d : NO_MATCH, NodeProcess.timeout(), () -> fail("the file server did not end"));
        await().atMost(NodeProcess.timeout()).until(() -> Files.readString(root.resolve("owned.txt")).equals("kept"));
    }

    @Test
    void aFailedWriteEndsTheRemoteFileAndClosingItAfterwardsIsOk() throws Exception {
        // as on the BEAM: IO.binwrite to a file opened for reading #=> {:error, :ebadf}, the device ends
        // with reason :ebadf, later requests are {:error, :terminated}, File.close #=> :ok; the opener lives on
        Files.writeString(root.resolve("readonly.txt"), "kept as it was");
        Pid f = Node.openFile(b.name, "readonly.txt", FileIO.READ);
        assertEquals("kept", new String((byte[]) IO.binread(f, 4), StandardCharsets.UTF_8));
        assertEquals(" as it was", new String((byte[]) IO.binread(f, IO.ALL), StandardCharsets.UTF_8));
        assertArrayEquals(new byte[0], (byte[]) IO.binread(f, IO.ALL));
        Ref ref = monitor(f);
        var e = assertThrows(dev.weft.process.ExitException.class, () -> IO.binwrite(f, "x"));
        assertEquals(Atom.of("ebadf"), ((dev.weft.term.Tuple) e.reason()).get(0));
        Down down = receive(m -> m instanceof Down d && d.ref().equals(ref) ? d : NO_MATCH, NodeProcess.timeout(), () -> null);
        assertNotNull(down, "the remote file did not end");
        assertEquals(Atom.of("ebadf"), down.reason());
        assertEquals(dev.weft.term.Tuple.of(Atom.ERROR, Atom.of("terminated")), IO.binread(f, 1));
        assertEquals(Atom.OK, FileIO.close(f));
        assertTrue(alive(self()));
        await().atMost(NodeProcess.timeout()).until(() -> info(self()).links().stream().noneMatch(p -> p.node().equals(b.name)));
        assertEquals("kept as it was", Files.readString(root.resolve("readonly.txt")));
    }

    @Test
    void pathsOutsideTheNodesFileRootAreRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("escape"), Path.of("/etc"));
        for (String path : new String[] {"../outside.txt", "escape/passwd", "/etc/passwd"}) {
            FileError e = assertThrows(FileError.class, () -> Node.openFile(b.name, path, FileIO.READ), path);
            assertEquals(Atom.of("eacces"), e.reason(), path);
        }
        assertEquals(Atom.of("enoent"), assertThrows(FileError.class, () -> Node.openFile(b.name, "missing.txt", FileIO.READ)).reason());
    }

    @Test
    void aMalformedOpenRequestIsRefusedAndTheConnectionStays() {
        // the open request by hand, with arguments of the wrong types: refused, the node goes on serving
        var e = assertThrows(dev.weft.process.ExitException.class, () -> Node.spawn(b.name, "weft.file.open", java.util.List.of(1, 2, 3)));
        assertEquals(Atom.of("spawn_refused"), ((dev.weft.term.Tuple) e.reason()).get(0));
        assertEquals(3, (Integer) dev.weft.dist.Rpc.call(b.name, "add", java.util.List.of(1, 2)));
    }

    @Test
    void openingAFileOnThisNodeItselfIsALocalOpen(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("here.txt");
        Pid device = Node.openFile(Node.self(), file.toString(), FileIO.WRITE);
        assertEquals(Node.self(), device.node());
        IO.write(device, "written here");
        FileIO.close(device);
        assertEquals("written here", Files.readString(file));
    }
}
