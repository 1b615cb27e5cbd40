package dev.weft.io;

import static org.junit.jupiter.api.Assertions.*;

import dev.weft.process.ExitException;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link IO} on {@link StringIO} devices checked against the real BEAM: each case ran first as
 * Elixir 1.14 on Erlang/OTP 25, and the BEAM's answer is the one asserted (quoted in each test's
 * comment).
 *
 * <p>Where Weft differs: writing to a device that has ended raises {@code ErlangError :terminated}
 * on the BEAM; Weft throws {@link ExitException} with {@code {:terminated, {:io, :request, [device,
 * request]}}} (Weft has no error class apart from exits).
 */
class ConformanceTest {
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
}
