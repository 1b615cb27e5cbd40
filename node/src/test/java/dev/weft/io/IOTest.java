package dev.weft.io;

import static dev.weft.io.IoTesting.runWithGroupLeader;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.process.ExitException;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class IOTest {
    /** What {@code body} printed to the node's stdout (or stderr). */
    static String captured(boolean stderr, Runnable body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream old = stderr ? System.err : System.out;
        PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        if (stderr) System.setErr(capture);
        else System.setOut(capture);
        try {
            body.run();
        } finally {
            if (stderr) System.setErr(old);
            else System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void putsToStdioAndToTheGroupLeaderBothPrintHello() {
        assertEquals("hello\n", captured(false, () -> IO.puts(Atom.of("stdio"), "hello")));
        assertEquals("hello\n", captured(false, () -> IO.puts(Kernel.groupLeader(), "hello")));
        assertEquals("hello\n", captured(false, () -> IO.puts("hello")));
    }

    @Test
    void stdioOfAProcessWithoutAGroupLeaderIsTheNodesStandardIoServer() {
        String out = captured(false, () -> IoTesting.awaitDown(Kernel.spawnMonitor(() -> {
            Kernel.groupLeader(null, Kernel.self());
            IO.write("from a process");
        })));
        assertEquals("from a process", out);
        Pid user = Kernel.whereis(Atom.of("user"));
        assertNotNull(user, "the standard io server registers as :user");
        Pid me = Kernel.self();
        Thread.ofPlatform().start(() -> Kernel.spawn(() -> Kernel.send(me, Tuple.of(Atom.of("leader"), Kernel.groupLeader()))));
        Object leader = Kernel.receive(m -> m instanceof Tuple t && t.is(Atom.of("leader"), 2) ? t.get(1) : Kernel.NO_MATCH,
                Duration.ofSeconds(5), () -> "none");
        assertEquals(user, leader, "processes spawned outside any process get the standard io server as group leader");
    }

    @Test
    void stderrGoesToTheNodesStderr() {
        assertEquals("oops\n", captured(true, () -> IO.puts(Atom.of("stderr"), "oops")));
    }

    @Test
    void aRawReceiveProcessSeesTheIoRequestAndWriteFailsOnceItIsGone() {
        Pid out = StringIO.open("");
        Pid raw = Kernel.spawn(() -> {
            Kernel.groupLeader(out, Kernel.self());
            IO.inspect(Kernel.receive());
        });
        ExitException e = assertThrows(ExitException.class, () -> IO.write(raw, "hello"));
        assertEquals(Tuple.of(Atom.of("terminated"), Tuple.of(Atom.of("io"), Atom.of("request"),
                List.of(raw, new PutChars(PutChars.UNICODE, "hello")))), e.reason());
        String printed = (String) StringIO.contents(out).get(1);
        assertTrue(printed.matches("\\{:io_request, " + Kernel.self().toString().replace(".", "\\.")
                + ", #Reference<[0-9.]+>, \\{:put_chars, :unicode, \"hello\"}}\n"), printed);
        StringIO.close(out);
    }

    @Test
    void writeToAProcessThatIsNotAnIoServerFailsAfterTheTimeoutNamingTheDevice() {
        Pid silent = Kernel.spawn(() -> Kernel.receive(m -> Kernel.NO_MATCH));
        PutChars request = new PutChars(PutChars.UNICODE, "hello");
        ExitException e = assertThrows(ExitException.class, () -> IO.request(silent, request, Duration.ofMillis(50)));
        assertEquals(Tuple.of(Atom.TIMEOUT, Tuple.of(Atom.of("io"), Atom.of("request"), List.of(silent, request))), e.reason());
        assertTrue(e.getMessage().contains(silent.toString()), e.getMessage());
        Kernel.exit(silent, Atom.KILL);
    }

    @Test
    void inspectPrintsTheTermAndReturnsIt() {
        Pid out = StringIO.open("");
        Map<Atom, Integer> term = Map.of(Atom.of("a"), 1);
        assertSame(term, IO.inspect(out, term));
        runWithGroupLeader(out, () -> assertEquals(List.of(1, 2), IO.inspect(List.of(1, 2))));
        assertEquals("%{a: 1}\n[1, 2]\n", ((Tuple) StringIO.close(out).get(1)).get(1));
    }

    @Test
    void putsPrintsAtomsNumbersAndChardata() {
        Pid out = StringIO.open("");
        IO.puts(out, Atom.OK);
        IO.puts(out, 42);
        IO.write(out, List.of("a", List.of(98, 'c'), "\u263a"));
        assertEquals("ok\n42\nabc\u263a", ((Tuple) StringIO.close(out).get(1)).get(1));
        assertThrows(IllegalArgumentException.class, () -> IO.puts(out, Tuple.of(1, 2)));
    }

    @Test
    void aRegisteredNameIsADeviceAndAnUnknownNameIsAClearError() {
        Pid out = StringIO.open("");
        Kernel.register(out, Atom.of("io_test_device"));
        IO.write(Atom.of("io_test_device"), "by name");
        assertEquals("by name", ((Tuple) StringIO.close(out).get(1)).get(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IO.write(Atom.of("io_test_nobody"), "x"));
        assertTrue(e.getMessage().contains(":io_test_nobody") && e.getMessage().contains(Kernel.self().toString()), e.getMessage());
    }

    @Test
    void childrenInheritTheGroupLeaderAndPrintThroughIt() {
        Pid out = StringIO.open("");
        runWithGroupLeader(out, () -> {
            var child = Kernel.spawnMonitor(() -> IO.puts("from the child"));
            IoTesting.awaitDown(child);
            IO.puts(Atom.of("standard_io"), "from the parent");
        });
        assertEquals("from the child\nfrom the parent\n", ((Tuple) StringIO.close(out).get(1)).get(1));
    }

    @Test
    void flushPrintsTheMailboxThroughTheGroupLeader() {
        Pid out = StringIO.open("");
        runWithGroupLeader(out, () -> {
            Kernel.send(Kernel.self(), Tuple.of(Atom.of("hello"), "world"));
            Kernel.send(Kernel.self(), 42);
            Kernel.flush();
        });
        assertEquals("{:hello, \"world\"}\n42\n", ((Tuple) StringIO.close(out).get(1)).get(1));
    }

    @Test
    void readsTextLinesAndBytesFromADevice() {
        Pid in = StringIO.open("first\nsecond\nthird");
        runWithGroupLeader(in, () -> {
            assertEquals("first\n", IO.gets("prompt> "));
            assertEquals("se", IO.read(2));
            assertArrayEquals("cond\n".getBytes(StandardCharsets.UTF_8), (byte[]) IO.binread(IO.LINE));
            assertArrayEquals("third".getBytes(StandardCharsets.UTF_8), (byte[]) IO.binread(IO.EOF));
            assertEquals(IO.EOF, IO.read(IO.LINE));
        });
        assertThrows(IllegalArgumentException.class, () -> IO.read(in, Atom.of("everything")));
        StringIO.close(in);
    }

    @Test
    void aReadFromADeviceThatIsGoneIsTerminated() {
        Pid in = StringIO.open("x");
        StringIO.close(in);
        assertEquals(Tuple.of(Atom.ERROR, Atom.of("terminated")), IO.read(in, IO.LINE));
    }

    @Test
    void callsStayCorrectWithALongMailbox() {
        Pid out = StringIO.open("");
        for (int i = 0; i < 10_000; i++) Kernel.send(Kernel.self(), Tuple.of(Atom.of("junk"), i));
        for (int i = 0; i < 100; i++) IO.write(out, "x");
        assertEquals("x".repeat(100), ((Tuple) StringIO.close(out).get(1)).get(1));
        assertEquals(10_000, Kernel.info(Kernel.self()).messageQueueLen());
        for (int i = 0; i < 10_000; i++) Kernel.receive(m -> m instanceof Tuple t && t.is(Atom.of("junk"), 2) ? m : Kernel.NO_MATCH);
    }

    @Test
    void getsFromStdioShowsThePromptAndReadsTheNodesStdin() {
        InputStream old = System.in;
        System.setIn(new ByteArrayInputStream("typed\n".getBytes(StandardCharsets.UTF_8)));
        try {
            Object[] line = new Object[1];
            String out = captured(false, () -> line[0] = IO.gets(Atom.of("stdio"), "name? "));
            assertEquals("name? ", out);
            assertEquals("typed\n", line[0]);
        } finally {
            System.setIn(old);
        }
    }

    /** A stdin that hands out what {@link #type} gives it, and says when someone waits in read. */
    static final class Keyboard extends InputStream {
        final java.util.concurrent.BlockingQueue<byte[]> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        volatile boolean waiting;

        void type(String line) {
            lines.add(line.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            waiting = true;
            try {
                byte[] line = lines.take();
                System.arraycopy(line, 0, b, off, line.length);
                return line.length;
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            } finally {
                waiting = false;
            }
        }
    }

    @Test
    void outputToStdioGoesOnWhileAProcessWaitsForALineOfInput() {
        InputStream old = System.in;
        Keyboard keyboard = new Keyboard();
        System.setIn(keyboard);
        try {
            Pid me = Kernel.self();
            Kernel.spawn(() -> Kernel.send(me, Tuple.of(Atom.of("line"), IO.read(Atom.of("stdio"), IO.LINE))));
            org.awaitility.Awaitility.await().until(() -> keyboard.waiting);
            assertEquals("not held up\n", captured(false, () -> IO.puts(Atom.of("stdio"), "not held up")));
            keyboard.type("typed later\n");
            Object line = Kernel.receive(m -> m instanceof Tuple t && t.is(Atom.of("line"), 2) ? t.get(1) : Kernel.NO_MATCH,
                    Duration.ofSeconds(5), () -> "nothing");
            assertEquals("typed later\n", line);
        } finally {
            System.setIn(old);
        }
    }
}
