package dev.weft.io;

import static org.junit.jupiter.api.Assertions.*;

import dev.weft.process.Down;
import dev.weft.process.Exit;
import dev.weft.process.ExitException;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link IO} on {@link StringIO} devices and files ({@link FileIO}) checked against the real BEAM:
 * each case ran first as Elixir 1.14 on Erlang/OTP 25, and the BEAM's answer is the one asserted
 * (quoted in each test's comment; {@code hello} is a file holding {@code "hello\nworld\n"}).
 *
 * <p>Where Weft differs: writing to a device that has ended raises {@code ErlangError :terminated}
 * on the BEAM; Weft throws {@link ExitException} with {@code {:terminated, {:io, :request, [device,
 * request]}}} (Weft has no error class apart from exits).
 */
class ConformanceTest {
    private static final Atom TERMINATED = Atom.of("terminated");
    private static final Atom EBADF = Atom.of("ebadf");

    @TempDir
    Path dir;
    Path hello;

    @BeforeEach
    void writeHello() throws IOException {
        hello = dir.resolve("hello.txt");
        Files.writeString(hello, "hello\nworld\n");
    }
    @Test
    void readingLinesAndCharactersUntilEof() {
        // StringIO.open("abc\ndef"): read :line three times #=> {"abc\n", "def", :eof}
        Pid p = StringIO.open("abc\ndef");
        assertEquals(List.of("abc\n", "def", IO.EOF), List.of(IO.read(p, IO.LINE), IO.read(p, IO.LINE), IO.read(p, IO.LINE)));
        // StringIO.open("abc"): {read 2, read 5, read 1} #=> {"ab", "c", :eof}
        Pid q = StringIO.open("abc");
        assertEquals(List.of("ab", "c", IO.EOF), List.of(IO.read(q, 2), IO.read(q, 5), IO.read(q, 1)));
        // StringIO.open("x"): read 0 #=> ""
        assertEquals("", IO.read(StringIO.open("x"), 0));
        // StringIO.open(""): {read :line, read 1, gets ""} #=> {:eof, :eof, :eof}
        Pid empty = StringIO.open("");
        assertEquals(List.of(IO.EOF, IO.EOF, IO.EOF), List.of(IO.read(empty, IO.LINE), IO.read(empty, 1), IO.gets(empty, "")));
    }

    /** Sends {@code device} Erlang's {@code {:io_request, self(), ref, request}} tuple and returns the tuple it replies with. */
    static Object rawRequest(Pid device, Object request) {
        Ref ref = Kernel.makeRef();
        Kernel.send(device, Tuple.of(Atom.of("io_request"), Kernel.self(), ref, request));
        return Kernel.receive(ref, m -> m instanceof Tuple t && t.is(Atom.of("io_reply"), 3) && t.get(1).equals(ref) ? t.get(2) : Kernel.NO_MATCH,
                Duration.ofSeconds(5), () -> "no reply");
    }

    @Test
    void devicesAnswerTheIoProtocolAsErlangWritesItInTuples() throws IOException {
        // StringIO.open("line one\nline two\nabc"), each sent as {:io_request, self(), ref, req}, each reply {:io_reply, ref, reply}:
        // {:put_chars, :unicode, "héllo"} #=> :ok; {:get_line, :unicode, "> "} #=> "line one\n"; {:get_chars, :unicode, "", 4} #=> "line";
        // {:get_line, ""} #=> " two\n"; :getopts #=> [binary: true, encoding: :unicode];
        // {:requests, [{:put_chars, :unicode, "a"}, {:put_chars, :unicode, "b"}]} #=> :ok; {:frobnicate, 1} #=> {:error, :request};
        // {:get_line, :unicode, "> "} #=> "abc"; StringIO.contents #=> {"", "hélloab"}
        Atom unicode = PutChars.UNICODE;
        Pid dev = StringIO.open("line one\nline two\nabc");
        assertEquals(Atom.OK, rawRequest(dev, Tuple.of(Atom.of("put_chars"), unicode, "héllo")));
        assertEquals("line one\n", rawRequest(dev, Tuple.of(Atom.of("get_line"), unicode, "> ")));
        assertEquals("line", rawRequest(dev, Tuple.of(Atom.of("get_chars"), unicode, "", 4)));
        assertArrayEquals(" two\n".getBytes(StandardCharsets.ISO_8859_1), (byte[]) rawRequest(dev, Tuple.of(Atom.of("get_line"), "")));   // a latin1 binary
        assertEquals(List.of(Tuple.of(Atom.of("binary"), true), Tuple.of(Atom.of("encoding"), unicode)), rawRequest(dev, Atom.of("getopts")));
        assertEquals(Atom.OK, rawRequest(dev, Tuple.of(Atom.of("requests"),
                List.of(Tuple.of(Atom.of("put_chars"), unicode, "a"), Tuple.of(Atom.of("put_chars"), unicode, "b")))));
        assertEquals(Tuple.of(Atom.ERROR, Atom.of("request")), rawRequest(dev, Tuple.of(Atom.of("frobnicate"), 1)));
        assertEquals("abc", rawRequest(dev, Tuple.of(Atom.of("get_line"), unicode, "> ")));
        assertEquals(Tuple.of("", "hélloab"), StringIO.contents(dev));
        // File.open(path, [:write, :read, :utf8]): {:put_chars, :unicode, "héllo\n"} #=> :ok;
        // {:frobnicate, 1} #=> {:error, {:request, {:frobnicate, 1}}}, and the file goes on: after close it holds "héllo\n"
        Path path = dir.resolve("raw.txt");
        Pid f = FileIO.open(path.toString(), FileIO.WRITE, FileIO.READ, FileIO.UTF8);
        assertEquals(Atom.OK, rawRequest(f, Tuple.of(Atom.of("put_chars"), unicode, "héllo\n")));
        assertEquals(Tuple.of(Atom.ERROR, Tuple.of(Atom.of("request"), Tuple.of(Atom.of("frobnicate"), 1))), rawRequest(f, Tuple.of(Atom.of("frobnicate"), 1)));
        FileIO.close(f);
        assertEquals("héllo\n", Files.readString(path));
    }

    @Test
    void readCountsCharactersAndBinreadCountsBytes() {
        // StringIO.open("héllo"): {read 2, binread 2, read :line} #=> {"hé", "ll", "o"}
        Pid p = StringIO.open("héllo");
        assertEquals("hé", IO.read(p, 2));
        Object two = IO.binread(p, 2);
        assertEquals("ll", two instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : two);
        assertEquals("o", IO.read(p, IO.LINE));
    }

    @Test
    void getsDoesNotCaptureThePrompt() {
        // StringIO.open("abc\n"): {gets(p, ">"), contents} #=> {"abc\n", {"", ""}}
        Pid p = StringIO.open("abc\n");
        assertEquals("abc\n", IO.gets(p, ">"));
        assertEquals(Tuple.of("", ""), StringIO.contents(p));
    }

    @Test
    void writesGoToTheOutputThatFlushAndCloseHandBack() {
        // StringIO.open(""): gets #=> :eof; write "foo", puts "bar" #=> :ok; contents #=> {"", "foobar\n"};
        // flush #=> "foobar\n"; contents #=> {"", ""}; close #=> {:ok, {"", ""}}
        Pid p = StringIO.open("");
        assertEquals(IO.EOF, IO.gets(p, ">"));
        assertEquals(Atom.OK, IO.write(p, "foo"));
        assertEquals(Atom.OK, IO.puts(p, "bar"));
        assertEquals(Tuple.of("", "foobar\n"), StringIO.contents(p));
        assertEquals("foobar\n", StringIO.flush(p));
        assertEquals(Tuple.of("", ""), StringIO.contents(p));
        assertEquals(Tuple.of(Atom.OK, Tuple.of("", "")), StringIO.close(p));
        // IO.write to the closed device raises ErlangError :terminated
        Tuple reason = (Tuple) assertThrows(ExitException.class, () -> IO.write(p, "x")).reason();
        assertEquals(Atom.of("terminated"), reason.get(0));
    }

    @Test
    void putsTakesChardataAtomsAndNumbersAndInspectReturnsItsArgument() {
        // puts [?a, "b", [?c]], :atom, 12 #=> {"a", "abc\natom\n12\n"}
        Pid p = StringIO.open("a");
        IO.puts(p, List.of((int) 'a', "b", List.of((int) 'c')));
        IO.puts(p, Atom.of("atom"));
        IO.puts(p, 12);
        assertEquals(Tuple.of("a", "abc\natom\n12\n"), StringIO.contents(p));
        // IO.inspect(p, [1, :a], []) #=> [1, :a], output "[1, :a]\n"
        Pid q = StringIO.open("abc");
        List<Object> item = List.of(1, Atom.of("a"));
        assertSame(item, IO.inspect(q, item));
        assertEquals(Tuple.of("abc", "[1, :a]\n"), StringIO.contents(q));
    }

    // ------------------------------------------------------------------ files

    @Test
    void closingAClosedFileIsOkAndOtherRequestsAreTerminated() {
        // {:ok, f} = File.open(hello); {File.close(f), File.close(f), Process.alive?(f)} #=> {:ok, :ok, false}
        Pid f = FileIO.open(hello);
        assertEquals(Atom.OK, FileIO.close(f));
        assertEquals(Atom.OK, FileIO.close(f));
        assertFalse(Kernel.alive(f));
        // IO.read(f, :line), IO.binread(f, 3), IO.gets(f, "") #=> {:error, :terminated} each; :file.position(f, 0) #=> {:error, :terminated}
        Tuple terminated = Tuple.of(Atom.ERROR, TERMINATED);
        assertEquals(List.of(terminated, terminated, terminated), List.of(IO.read(f, IO.LINE), IO.binread(f, 3), IO.gets(f, "")));
        assertEquals(TERMINATED, assertThrows(FileError.class, () -> FileIO.position(f, 0)).reason());
    }

    @Test
    void aFailedWriteEndsTheFileWithItsReasonAndLeavesTheOpenerAlone() {
        // {:ok, f} = File.open(hello); ref = Process.monitor(f); IO.binwrite(f, "x") #=> {:error, :ebadf};
        // DOWN reason :ebadf; then IO.binread(f, 3) #=> {:error, :terminated}; a trapping opener gets no :EXIT
        IoTesting.runWithGroupLeader(null, () -> {
            Kernel.trapExit(true);
            Pid f = FileIO.open(hello);
            Ref ref = Kernel.monitor(f);
            ExitException e = assertThrows(ExitException.class, () -> IO.binwrite(f, "x"));
            assertEquals(EBADF, ((Tuple) e.reason()).get(0));
            assertEquals(EBADF, awaitDown(ref).reason());
            assertEquals(Tuple.of(Atom.ERROR, TERMINATED), IO.binread(f, 3));
            assertEquals("none", Kernel.receive(m -> m instanceof Exit x && x.from().equals(f) ? x : Kernel.NO_MATCH,
                    Duration.ofMillis(100), () -> "none"));
        });
    }

    @Test
    void aFailedReadEndsTheFileButARefusedPositionDoesNot() {
        // {:ok, f} = File.open(wo, [:write]); :file.read(f, 3) #=> {:error, :ebadf}, DOWN :ebadf
        Pid wo = FileIO.open(dir.resolve("wo"), FileIO.WRITE);
        Ref ref = Kernel.monitor(wo);
        assertEquals(Tuple.of(Atom.ERROR, EBADF), IO.binread(wo, 3));
        assertEquals(EBADF, awaitDown(ref).reason());
        // {:ok, f} = File.open(hello); :file.position(f, -1) #=> {:error, :einval}; :file.position(f, :foo) #=> {:error, :badarg}; still alive
        Pid f = FileIO.open(hello);
        assertEquals(Atom.of("einval"), assertThrows(FileError.class, () -> FileIO.position(f, -1)).reason());
        assertEquals(Atom.of("badarg"), assertThrows(FileError.class, () -> FileIO.position(f, Atom.of("foo"))).reason());
        assertTrue(Kernel.alive(f));
        FileIO.close(f);
    }

    @Test
    void readingCountsToTheEndThenEofAndAllGivesEmptyData() {
        // [IO.binread(f, 3), IO.binread(f, 100), IO.binread(f, 1), IO.binread(f, :line), IO.binread(f, :eof), IO.binread(f, :all)]
        //   #=> ["hel", "lo\nworld\n", :eof, :eof, :eof, ""]
        Pid f = FileIO.open(hello);
        List<Object> got = new ArrayList<>();
        for (Object count : List.of(3, 100, 1, IO.LINE, IO.EOF, IO.ALL)) got.add(text(IO.binread(f, count)));
        assertEquals(List.of("hel", "lo\nworld\n", IO.EOF, IO.EOF, IO.EOF, ""), got);
        // IO.binread(f, 0), IO.read(f, 0) at the end #=> "", ""
        assertEquals(List.of("", ""), List.of(text(IO.binread(f, 0)), IO.read(f, 0)));
        FileIO.close(f);
        // [IO.read(f, :all), IO.read(f, :all), IO.read(f, :eof)] #=> ["hello\nworld\n", "", :eof]
        Pid g = FileIO.open(hello);
        assertEquals(List.of("hello\nworld\n", "", IO.EOF), List.of(IO.read(g, IO.ALL), IO.read(g, IO.ALL), IO.read(g, IO.EOF)));
        FileIO.close(g);
        // File.open(hello, [:charlist]): [IO.read(f, :line), IO.read(f, :all), IO.read(f, :all), IO.read(f, :eof)] #=> ['hello\n', 'world\n', [], :eof]
        Pid c = FileIO.open(hello, FileIO.CHARLIST);
        assertEquals(List.of(codes("hello\n"), codes("world\n"), List.of(), IO.EOF),
                List.of(IO.read(c, IO.LINE), IO.read(c, IO.ALL), IO.read(c, IO.ALL), IO.read(c, IO.EOF)));
        FileIO.close(c);
    }

    @Test
    void positionFromTheStartTheCurrentPlaceAndTheEnd() {
        // [:file.position(f, 3), :cur, {:cur, 2}, :eof, {:eof, -3}, :bof, {:bof, 100}] #=> {:ok, 3}, {:ok, 3}, {:ok, 5}, {:ok, 12}, {:ok, 9}, {:ok, 0}, {:ok, 100};
        // then IO.binread(f, 1) #=> :eof; :file.position(f, {:cur, -1000}) #=> {:error, :einval}
        Pid f = FileIO.open(hello);
        List<Long> at = new ArrayList<>();
        for (Object p : List.of(3, Atom.of("cur"), Tuple.of(Atom.of("cur"), 2), IO.EOF, Tuple.of(IO.EOF, -3), Atom.of("bof"), Tuple.of(Atom.of("bof"), 100))) {
            at.add(FileIO.position(f, p));
        }
        assertEquals(List.of(3L, 3L, 5L, 12L, 9L, 0L, 100L), at);
        assertEquals(IO.EOF, IO.binread(f, 1));
        assertEquals(Atom.of("einval"), assertThrows(FileError.class, () -> FileIO.position(f, Tuple.of(Atom.of("cur"), -1000))).reason());
        FileIO.close(f);
    }

    @Test
    void accessModesDecideWhatIsKeptAndWhereWritesGo() throws IOException {
        // File.open(hello, [:read, :write]): IO.binread(f, 5), IO.binwrite(f, "X") #=> "hello", file "helloXworld\n"
        Pid rw = FileIO.open(hello, FileIO.READ, FileIO.WRITE);
        assertEquals("hello", text(IO.binread(rw, 5)));
        IO.binwrite(rw, "X");
        FileIO.close(rw);
        assertEquals("helloXworld\n", Files.readString(hello));
        // File.open(hello, [:append, :read]): IO.binread(f, 5), IO.binwrite(f, "Z"), IO.binread(f, :eof) #=> "hello", :eof, file "helloXworld\nZ"
        Pid ar = FileIO.open(hello, FileIO.APPEND, FileIO.READ);
        assertEquals("hello", text(IO.binread(ar, 5)));
        IO.binwrite(ar, "Z");
        assertEquals(IO.EOF, IO.binread(ar, IO.EOF));
        FileIO.close(ar);
        assertEquals("helloXworld\nZ", Files.readString(hello));
        // File.open(new, [:exclusive]): IO.binwrite #=> :ok, IO.binread #=> {:error, :ebadf}; File.open(hello, [:write]) empties it
        Pid ex = FileIO.open(dir.resolve("new"), FileIO.EXCLUSIVE);
        assertEquals(Atom.OK, IO.binwrite(ex, "a"));
        assertEquals(Tuple.of(Atom.ERROR, EBADF), IO.binread(ex, 1));
        FileIO.close(FileIO.open(hello, FileIO.WRITE));
        assertEquals("", Files.readString(hello));
        // File.open(hello, [:read, :read_ahead, :delayed_write]) #=> {:ok, pid}
        FileIO.close(FileIO.open(hello, FileIO.READ, FileIO.READ_AHEAD, FileIO.DELAYED_WRITE));
    }

    @Test
    void utf8FilesCountCharactersAndRefuseBytesThatAreNotUtf8() throws IOException {
        // file "h\u00e9llo\n\u263a\n", File.open(p, [:utf8]): [IO.read(f, 2), IO.binread(f, 2), IO.read(f, :line), IO.gets(f, ""), IO.read(f, :line)]
        //   #=> ["h\u00e9", "ll", "o\n", "\u263a\n", :eof]
        Path u = dir.resolve("u.txt");
        Files.writeString(u, "h\u00e9llo\n\u263a\n");
        Pid f = FileIO.open(u, FileIO.UTF8);
        assertEquals(List.of("h\u00e9", "ll", "o\n", "\u263a\n", IO.EOF),
                List.of(IO.read(f, 2), text(IO.binread(f, 2)), IO.read(f, IO.LINE), IO.gets(f, ""), IO.read(f, IO.LINE)));
        FileIO.close(f);
        // file <<0xff, 0xfe, ?a>>: IO.read(f, 2) #=> {:error, :invalid_unicode} (DOWN :invalid_unicode);
        // IO.read(f, :line) #=> {:error, {:no_translation, :unicode, :unicode}}
        Files.write(u, new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});
        Pid bad = FileIO.open(u, FileIO.UTF8);
        Ref ref = Kernel.monitor(bad);
        assertEquals(Tuple.of(Atom.ERROR, Atom.of("invalid_unicode")), IO.read(bad, 2));
        assertEquals(Atom.of("invalid_unicode"), awaitDown(ref).reason());
        Pid badLine = FileIO.open(u, FileIO.UTF8);
        assertEquals(Tuple.of(Atom.ERROR, Tuple.of(Atom.of("no_translation"), PutChars.UNICODE, PutChars.UNICODE)), IO.read(badLine, IO.LINE));
        // file "\u263a", File.open(p, [:utf8]): IO.binread(f, 1) #=> {:error, {:no_translation, :unicode, :latin1}}
        Files.writeString(u, "\u263a");
        Pid smile = FileIO.open(u, FileIO.UTF8);
        assertEquals(Tuple.of(Atom.ERROR, Chars.NO_TRANSLATION), IO.binread(smile, 1));
    }

    @Test
    void truncateCutsAtThePositionAndNeedsAWritableFile() throws IOException {
        // File.open(hello, [:read, :write]); :file.position(f, 1); :file.truncate(f) #=> :ok, file "h"
        Pid f = FileIO.open(hello, FileIO.READ, FileIO.WRITE);
        FileIO.position(f, 1);
        assertEquals(Atom.OK, FileIO.truncate(f));
        assertEquals(Atom.OK, FileIO.datasync(f));
        FileIO.close(f);
        assertEquals("h", Files.readString(hello));
        // File.open(hello, [:read]); :file.truncate(f) #=> {:error, :einval}, DOWN :einval
        Pid ro = FileIO.open(hello);
        Ref ref = Kernel.monitor(ro);
        assertEquals(Atom.of("einval"), assertThrows(FileError.class, () -> FileIO.truncate(ro)).reason());
        assertEquals(Atom.of("einval"), awaitDown(ref).reason());
    }

    @Test
    void existsAndRm() {
        // [File.exists?(hello), File.exists?(dir), File.exists?(missing)] #=> [true, true, false]
        Path missing = dir.resolve("missing");
        assertEquals(List.of(true, true, false), List.of(FileIO.exists(hello), FileIO.exists(dir), FileIO.exists(missing)));
        // [File.rm(hello), File.rm(hello), File.rm(dir)] #=> [:ok, {:error, :enoent}, {:error, :eperm}]
        assertEquals(Atom.OK, FileIO.rm(hello));
        FileError again = assertThrows(FileError.class, () -> FileIO.rm(hello));
        assertEquals(Atom.of("enoent"), again.reason());
        assertEquals(Atom.of("eperm"), assertThrows(FileError.class, () -> FileIO.rm(dir)).reason());
        // File.rm!(missing) raises File.Error: could not remove file "missing": no such file or directory
        assertEquals("could not remove file \"" + hello + "\": no such file or directory", again.getMessage());
        assertTrue(FileIO.exists(dir));
    }

    private static Down awaitDown(Ref ref) {
        return Kernel.receive(ref, m -> m instanceof Down d && d.ref().equals(ref) ? d : Kernel.NO_MATCH, Duration.ofSeconds(5),
                () -> fail("no DOWN for " + ref));
    }

    /** Bytes read as the text they hold, anything else as it is. */
    private static Object text(Object read) {
        return read instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : read;
    }

    private static List<Integer> codes(String s) {
        return s.codePoints().boxed().toList();
    }
}
