package dev.weft.process;

import static dev.weft.process.Kernel.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import dev.weft.testing.Logs;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The cells of Elixir's "Processes" guide, in Java. */
class SeedTutorialTest {
    static final Atom GET = Atom.of("get");
    static final Atom PUT = Atom.of("put");

    /** The guide's KV store: a process looping in receive with its state as an argument. */
    static void kvLoop(Map<Object, Object> map) {
        for (;;) {
            Tuple msg = receive(m -> m instanceof Tuple t && (t.is(GET, 3) || t.is(PUT, 3)) ? t : NO_MATCH);
            if (msg.is(GET, 3)) {
                send((Pid) msg.get(2), map.get(msg.get(1)));
            } else {
                map.put(msg.get(1), msg.get(2));
            }
        }
    }

    @Test
    void receiveWithAfterOneSecondGivesTheAfterValue() {
        String got = receive(m -> m instanceof Tuple t && t.is(Atom.of("hello"), 2) ? "hello" : NO_MATCH,
                Duration.ofSeconds(1), () -> "nothing after 1s");
        assertEquals("nothing after 1s", got);
    }

    @Test
    void theKvStoreWorksRegisteredAsKv() {
        Pid pid = spawn(() -> kvLoop(new HashMap<>()));
        send(pid, Tuple.of(GET, Atom.of("hello"), self()));
        assertNull(receive(m -> m, Duration.ofSeconds(5), () -> "timeout"));

        send(pid, Tuple.of(PUT, Atom.of("hello"), Atom.of("world")));
        send(pid, Tuple.of(GET, Atom.of("hello"), self()));
        assertEquals(Atom.of("world"), receive(m -> m, Duration.ofSeconds(5), () -> "timeout"));

        Atom kv = Atom.of("kv");
        register(pid, kv);
        send(kv, Tuple.of(GET, Atom.of("hello"), self()));
        assertEquals(Atom.of("world"), receive(m -> m, Duration.ofSeconds(5), () -> "timeout"));
        exit(pid, Atom.KILL);
    }

    static Down awaitDown(Spawned s) {
        return receive(m -> m instanceof Down d && d.ref().equals(s.ref()) ? d : NO_MATCH, Duration.ofSeconds(5), () -> null);
    }

    @Test
    void aCrashIsLoggedAsAnErrorReportNamingThePidAndTheException() {
        Spawned[] s = new Spawned[1];
        List<LogRecord> records = Logs.during("dev.weft.process", () -> {
            s[0] = spawnMonitor(() -> { throw new ArithmeticException("bad argument in arithmetic expression"); });
            awaitDown(s[0]);
        });
        LogRecord r = records.stream().filter(x -> x.getMessage().contains(s[0].pid().toString())).findFirst().orElseThrow();
        assertEquals(Level.SEVERE, r.getLevel());
        assertTrue(r.getMessage().contains("raised an exception"), r.getMessage());
        assertInstanceOf(ArithmeticException.class, r.getThrown());
        assertTrue(r.getThrown().getStackTrace().length > 0);
        assertTrue(alive(self()));
    }

    @Test
    void anExitWithAReasonIsNotAnErrorReport() {
        Spawned[] s = new Spawned[1];
        Down[] d = new Down[1];
        List<LogRecord> records = Logs.during("dev.weft.process", () -> {
            s[0] = spawnMonitor(() -> exit(Atom.of("quietly")));
            d[0] = awaitDown(s[0]);
        });
        assertEquals(Atom.of("quietly"), d[0].reason());
        assertTrue(records.stream().noneMatch(x -> x.getMessage().contains(s[0].pid().toString())));
    }
}
