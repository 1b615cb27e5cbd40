package dev.weft.io;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.process.Down;
import dev.weft.process.Exit;
import dev.weft.process.ExitException;
import dev.weft.process.Kernel;
import dev.weft.process.Spawned;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileIOTest {
    @TempDir
    Path dir;

    /**
     * Starts an owner process that opens {@code path}, writes {@code lines} lines, sends the file pid
     * back, then waits for {@code :go} and runs {@code then}. Returns the file pid.
     */
    static Pid ownerThatWrites(Path path, int lines, Runnable then, Spawned[] owner) {
        Pid parent = Kernel.self();
        owner[0] = Kernel.spawnMonitor(() -> {
            Pid f = FileIO.open(path, FileIO.WRITE);
            for (int i = 0; i < lines; i++) IO.write(f, "line " + i + "\n");
            Kernel.send(parent, Tuple.of(Atom.of("file"), f));
            Kernel.receive(m -> m.equals(Atom.of("go")) ? m : Kernel.NO_MATCH);
            then.run();
        });
        Pid file = Kernel.receive(m -> m instanceof Tuple t && t.is(Atom.of("file"), 2) ? t.get(1) : Kernel.NO_MATCH,
                Duration.ofSeconds(5), () -> null);
        assertNotNull(file);
        return file;
    }

    /** Waits until {@code file}'s server is gone, then checks that every acknowledged line is in the file. */
    static void assertAllLinesAfterClose(Pid file, Path path, int lines) throws IOException {
        await().until(() -> !Kernel.alive(file));
        List<String> got = Files.readAllLines(path);
        assertEquals(lines, got.size());
        assertEquals("line " + (lines - 1), got.get(lines - 1));
    }

    @Test
    void openForWritingGivesAPidAndWrittenDataIsInTheFileAfterClose() throws IOException {
        Path hello = dir.resolve("hello");
        Pid file = FileIO.open(hello.toString(), FileIO.WRITE);
        assertTrue(Kernel.alive(file));
        assertTrue(Kernel.info(file).monitors().contains(Kernel.self()), "the file monitors its opener when open returns");
        assertFalse(Kernel.info(Kernel.self()).links().contains(file), "and is not linked to it, as OTP's file_io_server");
        assertEquals(Atom.OK, IO.write(file, "hello "));
        assertEquals(Atom.OK, IO.binwrite(file, new byte[] {'w', 'o', 'r', 'l', 'd'}));
        IO.puts(file, "!");
        assertEquals(Atom.OK, FileIO.close(file));
        assertEquals("hello world!\n", Files.readString(hello));
        await().until(() -> !Kernel.alive(file));
    }

    @Test
    void whenTheOwnerCrashesTheFileIsFlushedAndClosed() throws IOException {
        Path path = dir.resolve("crash.txt");
        Spawned[] owner = new Spawned[1];
        Pid file = ownerThatWrites(path, 10, () -> {
            throw new IllegalStateException("owner crashes on purpose (expected in this test)");
        }, owner);
        Kernel.send(owner[0].pid(), Atom.of("go"));
        assertInstanceOf(IllegalStateException.class, IoTesting.awaitDown(owner[0]).reason());
        assertAllLinesAfterClose(file, path, 10);
    }

    @Test
    void whenTheOwnerIsKilledTheFileIsFlushedAndClosed() throws IOException {
        Path path = dir.resolve("killed.txt");
        Spawned[] owner = new Spawned[1];
        Pid file = ownerThatWrites(path, 1000, () -> Kernel.receive(m -> Kernel.NO_MATCH), owner);
        Kernel.exit(owner[0].pid(), Atom.KILL);
        assertEquals(Atom.KILLED, IoTesting.awaitDown(owner[0]).reason());
        assertAllLinesAfterClose(file, path, 1000);
    }

    @Test
    void aKilledFileServerStillFlushesWhatItAcknowledgedAndLeavesItsOpenerAlone() throws IOException {
        Path path = dir.resolve("server-killed.txt");
        IoTesting.runWithGroupLeader(null, () -> {
            Pid file = FileIO.open(path, FileIO.WRITE);
            IO.write(file, "acknowledged");
            Ref ref = Kernel.monitor(file);
            Kernel.exit(file, Atom.KILL);
            Down down = Kernel.receive(m -> m instanceof Down d && d.ref().equals(ref) ? d : Kernel.NO_MATCH);
            assertEquals(Atom.KILLED, down.reason());
        });
        assertEquals("acknowledged", Files.readString(path));
    }

    @Test
    void closeUnlinksSoATrappingOwnerGetsNoExit() {
        Path path = dir.resolve("trap.txt");
        IoTesting.runWithGroupLeader(null, () -> {
            Kernel.trapExit(true);
            Pid file = FileIO.open(path, FileIO.WRITE);
            FileIO.close(file);
            Kernel.monitor(file);
            Object got = Kernel.receive(m -> m instanceof Exit e && e.from().equals(file) ? e : Kernel.NO_MATCH, Duration.ofMillis(100), () -> "none");
            assertEquals("none", got);
        });
    }

    @Test
    void openErrorsCarryTheBeamsReasons() throws IOException {
        FileError missing = assertThrows(FileError.class, () -> FileIO.open(dir.resolve("missing"), FileIO.READ));
        assertEquals(Atom.of("enoent"), missing.reason());
        assertEquals("could not open \"" + dir.resolve("missing") + "\": no such file or directory", missing.getMessage());
        assertEquals(Atom.of("eisdir"), assertThrows(FileError.class, () -> FileIO.open(dir, FileIO.READ)).reason());
        assertEquals(Atom.of("enoent"), assertThrows(FileError.class, () -> FileIO.open(dir.resolve("no/dir/x"), FileIO.WRITE)).reason());
        Files.writeString(dir.resolve("exists"), "old");
        assertEquals(Atom.of("eexist"), assertThrows(FileError.class, () -> FileIO.open(dir.resolve("exists"), FileIO.EXCLUSIVE)).reason());
        assertEquals("old", Files.readString(dir.resolve("exists")));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> FileIO.open(dir.resolve("x"), Atom.of("wrte")));
        assertTrue(bad.getMessage().contains(":wrte"), bad.getMessage());
    }

    @Test
    void writingToAFileOpenedForReadingFailsWithEbadf() throws IOException {
        Path path = dir.resolve("ro.txt");
        Files.writeString(path, "read only");
        Pid file = FileIO.open(path);
        ExitException e = assertThrows(ExitException.class, () -> IO.write(file, "x"));
        assertEquals(Atom.of("ebadf"), ((Tuple) e.reason()).get(0));
        assertEquals("read only", Files.readString(path));
    }

    @Test
    void binreadReadsCountsLinesAndTheRest() throws IOException {
        Path path = dir.resolve("lines.txt");
        Files.writeString(path, "a\r\nb\nc");
        Pid file = FileIO.open(path, FileIO.READ);
        assertArrayEquals(bytes("a\n"), (byte[]) IO.binread(file, IO.LINE));
        assertArrayEquals(bytes("b"), (byte[]) IO.binread(file, 1));
        assertArrayEquals(bytes("\nc"), (byte[]) IO.binread(file, IO.EOF));
        assertEquals(IO.EOF, IO.binread(file, IO.EOF));
        assertEquals(IO.EOF, IO.binread(file, IO.LINE));
        FileIO.close(file);
    }

    @Test
    void positionedReadsAndWritesLeaveThePositionAlone() throws IOException {
        Path path = dir.resolve("pos.txt");
        Files.writeString(path, "abc\ndef\nghi\n");
        Pid file = FileIO.open(path, FileIO.READ, FileIO.WRITE);
        assertEquals("abc\n", IO.read(file, IO.LINE));
        assertEquals(4, FileIO.position(file, Atom.of("cur")));
        IO.write(file, "X");
        assertArrayEquals(bytes("i\n"), (byte[]) FileIO.pread(file, 10, 5));
        assertEquals(IO.EOF, FileIO.pread(file, 100, 3));
        assertEquals(Atom.OK, FileIO.pwrite(file, 0, "A"));
        assertEquals(5, FileIO.position(file, Atom.of("cur")));
        assertEquals(10, FileIO.position(file, Tuple.of(Atom.of("eof"), -2)));
        assertEquals(Atom.of("einval"), assertThrows(FileError.class, () -> FileIO.position(file, Tuple.of(Atom.of("cur"), -100))).reason());
        assertEquals(0, FileIO.position(file, 0));
        assertEquals("Abc\nXef\nghi\n", IO.read(file, IO.EOF));
        FileIO.close(file);
        assertEquals("Abc\nXef\nghi\n", Files.readString(path));
    }

    @Test
    void appendWritesAtTheEndWhereverThePositionIs() throws IOException {
        Path path = dir.resolve("app.txt");
        Pid file = FileIO.open(path, FileIO.APPEND);
        IO.write(file, "a");
        FileIO.position(file, 0);
        IO.write(file, "b");
        FileIO.close(file);
        assertEquals("ab", Files.readString(path));
    }

    @Test
    void utf8FilesHoldUnicodeAndLatin1FilesRefuseIt() throws IOException {
        Path u = dir.resolve("u.txt");
        Pid file = FileIO.open(u, FileIO.WRITE, FileIO.UTF8);
        IO.write(file, "h\u00e9\u263a");
        IO.binwrite(file, new byte[] {(byte) 233});
        FileIO.close(file);
        assertArrayEquals(new byte[] {104, (byte) 195, (byte) 169, (byte) 226, (byte) 152, (byte) 186, (byte) 195, (byte) 169}, Files.readAllBytes(u));
        Pid reader = FileIO.open(u, FileIO.READ, FileIO.UTF8);
        assertEquals("h\u00e9", IO.read(reader, 2));
        assertEquals(List.of(0x263a, 233), IO.request(reader, new Requests(List.of(new SetOpts(List.of(Atom.of("list"))),
                new GetChars(PutChars.UNICODE, "", 100))), Duration.ofSeconds(1)));
        FileIO.close(reader);

        Pid refusing = FileIO.open(dir.resolve("refusing.txt"), FileIO.WRITE);
        ExitException e = assertThrows(ExitException.class, () -> IO.write(refusing, "\u263a"));
        assertEquals(Tuple.of(Atom.of("no_translation"), PutChars.UNICODE, PutChars.LATIN1), ((Tuple) e.reason()).get(0));
        Pid latin1 = FileIO.open(dir.resolve("l.txt"), FileIO.WRITE);
        IO.write(latin1, "caf\u00e9");
        FileIO.close(latin1);
        assertArrayEquals(new byte[] {'c', 'a', 'f', (byte) 0xe9}, Files.readAllBytes(dir.resolve("l.txt")));
    }

    @Test
    void syncPutsBufferedWritesInTheFileWhileItStaysOpen() throws IOException {
        Path path = dir.resolve("sync.txt");
        Pid file = FileIO.open(path, FileIO.WRITE);
        IO.write(file, "synced");
        assertEquals(Atom.OK, FileIO.sync(file));
        assertEquals("synced", Files.readString(path));
        FileIO.close(file);
    }

    @Test
    void writesReachTheFileSoonWhenTheServerIsIdle() throws IOException {
        Path path = dir.resolve("idle.txt");
        Pid file = FileIO.open(path, FileIO.WRITE);
        IO.write(file, "soon");
        await().until(() -> Files.readString(path).equals("soon"));
        FileIO.close(file);
    }

    @Test
    void operationsOnAClosedFileAreTerminated() {
        Pid file = FileIO.open(dir.resolve("closed.txt"), FileIO.WRITE);
        FileIO.close(file);
        await().until(() -> !Kernel.alive(file));
        assertEquals(Atom.OK, FileIO.close(file));
        assertEquals(Atom.of("terminated"), assertThrows(FileError.class, () -> FileIO.position(file, 0)).reason());
        ExitException e = assertThrows(ExitException.class, () -> IO.write(file, "late"));
        assertEquals(Atom.of("terminated"), ((Tuple) e.reason()).get(0));
    }

    @Test
    void readAndWriteWholeFiles() {
        Path path = dir.resolve("whole.txt");
        assertEquals(Atom.OK, FileIO.write(path, "one "));
        assertEquals(Atom.OK, FileIO.write(path, List.of("two", new byte[] {' '}, 51), FileIO.APPEND));
        assertArrayEquals(bytes("one two 3"), FileIO.read(path));
        assertEquals(Atom.of("enoent"), assertThrows(FileError.class, () -> FileIO.read(dir.resolve("nope"))).reason());
        assertEquals(Atom.of("eisdir"), assertThrows(FileError.class, () -> FileIO.write(dir, "x")).reason());
    }

    @Test
    void largeWritesArriveWholeAndInOrder() throws IOException {
        Path path = dir.resolve("big.bin");
        Pid file = FileIO.open(path, FileIO.WRITE);
        byte[] chunk = new byte[100_000];
        for (int i = 0; i < chunk.length; i++) chunk[i] = (byte) i;
        for (int i = 0; i < 5; i++) {
            IO.binwrite(file, new byte[] {(byte) i});
            IO.binwrite(file, chunk);
        }
        FileIO.close(file);
        byte[] got = Files.readAllBytes(path);
        assertEquals(5 * 100_001, got.length);
        assertEquals(4, got[4 * 100_001]);
        assertEquals((byte) 99_999, got[got.length - 1]);
    }

    @Test
    void buffersWrittenInTheBackgroundArriveInOrderBeforeAPositionedRead() throws IOException {
        Path path = dir.resolve("behind.bin");
        Pid file = FileIO.open(path, FileIO.READ, FileIO.WRITE);
        byte[] chunk = new byte[64 * 1024];
        int chunks = 100;   // several 1 MiB buffers, more than are ever in flight
        for (int i = 0; i < chunks; i++) {
            java.util.Arrays.fill(chunk, (byte) i);
            IO.binwrite(file, chunk);
        }
        Object middle = FileIO.pread(file, 57L * chunk.length, 3);
        assertArrayEquals(new byte[] {57, 57, 57}, (byte[]) middle);
        IO.binwrite(file, new byte[] {-1});
        FileIO.close(file);
        byte[] got = Files.readAllBytes(path);
        assertEquals(chunks * chunk.length + 1, got.length);
        for (int i = 0; i < chunks; i++) assertEquals((byte) i, got[i * chunk.length + chunk.length - 1], "chunk " + i);
        assertEquals(-1, got[got.length - 1]);
    }

    @Test
    void aFailedBackgroundWriteIsTheReplyToALaterRequestAndEndsTheFile() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(Path.of("/dev/full")), "needs /dev/full");
        Pid file = FileIO.open(Path.of("/dev/full"), FileIO.WRITE);
        byte[] chunk = new byte[64 * 1024];
        ExitException e = assertThrows(ExitException.class, () -> {
            for (int i = 0; i < 1000; i++) IO.binwrite(file, chunk);
        });
        assertEquals(Atom.of("enospc"), ((Tuple) e.reason()).get(0));
        // as on the BEAM: [error: :enospc, error: :terminated, ...]
        ExitException after = assertThrows(ExitException.class, () -> IO.binwrite(file, chunk));
        assertEquals(Atom.of("terminated"), ((Tuple) after.reason()).get(0));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
