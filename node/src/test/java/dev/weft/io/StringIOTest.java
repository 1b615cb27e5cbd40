package dev.weft.io;

import static org.junit.jupiter.api.Assertions.*;

import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringIOTest {
    @Test
    void readsWhatItWasOpenedWithAndCollectsWhatIsWritten() {
        Pid io = StringIO.open("line one\nline two\n");
        assertEquals("line one\n", IO.read(io, IO.LINE));
        assertEquals(Atom.OK, IO.write(io, "written"));
        assertEquals(Tuple.of("line two\n", "written"), StringIO.contents(io));
        assertEquals("line two\n", IO.read(io, IO.EOF));
        assertEquals(IO.EOF, IO.read(io, IO.LINE));
        assertEquals(IO.EOF, IO.read(io, IO.EOF));
        assertEquals(Tuple.of(Atom.OK, Tuple.of("", "written")), StringIO.close(io));
        org.awaitility.Awaitility.await().until(() -> !Kernel.alive(io));
    }

    @Test
    void countsCharactersNotBytes() {
        Pid io = StringIO.open("h\u00e9\u263a!");
        assertEquals("h\u00e9", IO.read(io, 2));
        assertEquals("\u263a!", IO.read(io, 5));
        assertEquals(IO.EOF, IO.read(io, 1));
        StringIO.close(io);
    }

    @Test
    void binreadGivesUtf8BytesAndLastLineWithoutNewline() {
        Pid io = StringIO.open("ab\ncd");
        assertArrayEquals("ab\n".getBytes(StandardCharsets.UTF_8), (byte[]) IO.binread(io, IO.LINE));
        assertArrayEquals("cd".getBytes(StandardCharsets.UTF_8), (byte[]) IO.binread(io, IO.LINE));
        assertEquals(IO.EOF, IO.binread(io, IO.LINE));
        StringIO.close(io);
    }

    @Test
    void binwriteStoresEachByteAsALatin1CharacterAsTheBeamDoes() {
        Pid io = StringIO.open("");
        IO.binwrite(io, new byte[] {(byte) 0xe9});
        assertEquals("\u00e9", StringIO.flush(io));
        assertEquals("", StringIO.flush(io));
        StringIO.close(io);
    }

    @Test
    void listModeAnswersWithCharacterCodes() {
        Pid io = StringIO.open("h\u00e9llo");
        assertEquals(Atom.OK, IO.request(io, new SetOpts(List.of(Atom.of("list"))), Duration.ofSeconds(1)));
        assertEquals(List.of(Tuple.of(Atom.of("binary"), false), Tuple.of(Atom.of("encoding"), PutChars.UNICODE)),
                IO.request(io, new GetOpts(), Duration.ofSeconds(1)));
        assertEquals(List.of(104, 233), IO.read(io, 2));
        StringIO.close(io);
    }

    @Test
    void severalRequestsInOneAnswerWithTheLastReply() {
        Pid io = StringIO.open("abc");
        Object reply = IO.request(io, new Requests(List.of(new PutChars(PutChars.UNICODE, "x"), new GetChars(PutChars.UNICODE, "", 2))),
                Duration.ofSeconds(1));
        assertEquals("ab", reply);
        Object failed = IO.request(io, new Requests(List.of(Atom.of("nonsense"), new GetChars(PutChars.UNICODE, "", 1))),
                Duration.ofSeconds(1));
        assertEquals(Tuple.of(Atom.ERROR, Atom.of("request")), failed);
        assertEquals(Tuple.of(Atom.OK, Tuple.of("c", "x")), StringIO.close(io));
    }

    @Test
    void endsWhenTheProcessThatOpenedItEnds() {
        Pid parent = Kernel.self();
        var s = Kernel.spawnMonitor(() -> Kernel.send(parent, StringIO.open("x")));
        Pid io = Kernel.receive(m -> m instanceof Pid p ? p : Kernel.NO_MATCH, Duration.ofSeconds(5), () -> null);
        IoTesting.awaitDown(s);
        org.awaitility.Awaitility.await().until(() -> !Kernel.alive(io));
    }
}
