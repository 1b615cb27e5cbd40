package dev.weft.process;

import static dev.weft.process.Kernel.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Process aliases, each case first run on Erlang/OTP 25 ({@code alias/0,1}, {@code unalias/1},
 * {@code monitor/3} with {@code {alias, Mode}}); the BEAM's answer is in the comment. A message that
 * should be dropped is followed by a plain message from the same sender: messages between a pair
 * of processes keep their order, so if the first message received is the marker, the other was
 * dropped.
 */
class AliasTest {
    static final Atom MARKER = Atom.of("marker");

    @BeforeEach
    @AfterEach
    void emptyMailbox() {
        ConformanceTest.flushQuietly();
    }

    /** Sends {@code msg} through {@code alias}, then the marker straight to the caller; returns the first message that comes. */
    static Object throughAliasThenMarker(Ref alias, Object msg) {
        send(alias, msg);
        send(self(), MARKER);
        return receive();
    }

    static Object next() {
        return receive(m -> m, Duration.ofSeconds(5), () -> null);
    }

    @Test
    void anAliasDeliversUntilUnaliasAndUnaliasIsTrueOnce() {
        // A = alias(), A ! hi, receive -> hi; unalias(A) -> true, unalias(A) -> false; A ! hi2 -> dropped
        Ref a = alias();
        assertEquals("hi", throughAliasThenMarker(a, "hi"));
        assertEquals(MARKER, next());
        assertTrue(unalias(a));
        assertFalse(unalias(a));
        assertEquals(MARKER, throughAliasThenMarker(a, "hi2"));
    }

    @Test
    void anotherProcessReachesTheCallerThroughItsAlias() {
        // spawn(fun() -> A ! {from_other, self()} end) -> received
        Ref a = alias();
        Pid other = spawn(() -> send(a, Tuple.of(Atom.of("from_other"), self())));
        assertEquals(Tuple.of(Atom.of("from_other"), other), next());
        unalias(a);
    }

    @Test
    void aPlainRefIsNoAddressAndUnaliasOfItIsFalse() {
        // R = make_ref(), R ! plain -> dropped; unalias(make_ref()) -> false
        Ref r = makeRef();
        assertEquals(MARKER, throughAliasThenMarker(r, "plain"));
        assertFalse(unalias(r));
    }

    @Test
    void aReplyAliasTakesOneMessage() {
        // B = alias([reply]), B ! one, B ! two -> one, then nothing; unalias(B) -> false
        Ref b = alias(REPLY);
        send(b, "one");
        assertEquals("one", throughAliasThenMarker(b, "two"));
        assertEquals(MARKER, next());
        assertFalse(unalias(b));
    }

    @Test
    void anUnknownAliasOptionIsAnArgumentError() {
        // alias([bogus]) -> badarg; monitor(process, P, [{alias, bogus}]) -> badarg
        assertThrows(IllegalArgumentException.class, () -> alias(Atom.of("bogus")));
        Pid p = spawn(() -> receive());
        assertThrows(IllegalArgumentException.class, () -> monitor(p, Atom.of("bogus")));
        exit(p, Atom.KILL);
    }

    @Test
    void aDemonitorAliasEndsWithTheDownOrTheDemonitor() {
        // M = monitor(process, P, [{alias, demonitor}]), M ! m1 -> m1; P stops -> DOWN; M ! m2 -> dropped, unalias(M) -> false
        Pid p = spawn(() -> receive());
        Ref m = monitor(p, DEMONITOR);
        assertEquals("m1", throughAliasThenMarker(m, "m1"));
        assertEquals(MARKER, next());
        send(p, "stop");
        assertEquals(new Down(m, p, Atom.NORMAL), next());
        assertEquals(MARKER, throughAliasThenMarker(m, "m2"));
        assertFalse(unalias(m));
        // M4 = monitor(process, P3, [{alias, demonitor}]), demonitor(M4), M4 ! e2 -> dropped, unalias(M4) -> false
        Pid q = spawn(() -> receive());
        Ref m4 = monitor(q, DEMONITOR);
        demonitor(m4);
        assertEquals(MARKER, throughAliasThenMarker(m4, "e2"));
        assertFalse(unalias(m4));
        exit(q, Atom.KILL);
    }

    @Test
    void aReplyDemonitorAliasTakesOneMessageAndEndsTheMonitor() {
        // M2 = monitor(process, P2, [{alias, reply_demonitor}]), M2 ! r1, M2 ! r2 -> r1 only; demonitor(M2, [info]) -> false
        Pid p = spawn(() -> receive());
        Ref m = monitor(p, REPLY_DEMONITOR);
        send(m, "r1");
        assertEquals("r1", throughAliasThenMarker(m, "r2"));
        assertEquals(MARKER, next());
        assertFalse(demonitor(m, INFO));
        exit(p, Atom.KILL);
        assertEquals(MARKER, throughAliasThenMarker(m, "no down either"));
    }

    @Test
    void anExplicitUnaliasMonitorAliasOutlivesItsMonitor() {
        // M3 = monitor(process, P3, [{alias, explicit_unalias}]), demonitor(M3), M3 ! e1 -> e1
        // and after the DOWN: M ! after_down -> after_down, unalias(M) -> true
        Pid p = spawn(() -> receive());
        Ref m3 = monitor(p, EXPLICIT_UNALIAS);
        demonitor(m3);
        assertEquals("e1", throughAliasThenMarker(m3, "e1"));
        assertEquals(MARKER, next());
        Ref m = monitor(p, EXPLICIT_UNALIAS);
        send(p, "stop");
        assertEquals(new Down(m, p, Atom.NORMAL), next());
        assertEquals("after_down", throughAliasThenMarker(m, "after_down"));
        assertEquals(MARKER, next());
        assertTrue(unalias(m));
        assertTrue(unalias(m3));
    }

    @Test
    void monitoringOneselfWithAnAliasMakesNoAlias() {
        // S = monitor(process, self(), [{alias, demonitor | explicit_unalias}]), S ! selfm -> dropped
        assertEquals(MARKER, throughAliasThenMarker(monitor(self(), DEMONITOR), "selfm"));
        assertEquals(MARKER, throughAliasThenMarker(monitor(self(), EXPLICIT_UNALIAS), "selfm"));
    }

    @Test
    void theAliasOfAProcessThatEndedIsGone() {
        // Q makes Al = alias(), Q is killed, Al ! dead -> dropped; unalias(Al) from another process -> false
        Pid me = self();
        Pid q = spawn(() -> {
            send(me, Tuple.of(Atom.of("alias"), alias()));
            receive();
        });
        Ref al = (Ref) ((Tuple) next()).get(1);
        assertFalse(unalias(al));
        Ref watch = monitor(q);
        exit(q, Atom.KILL);
        assertEquals(Atom.KILLED, ((Down) next()).reason());
        demonitor(watch);
        assertEquals(MARKER, throughAliasThenMarker(al, "dead"));
        assertEquals(null, ProcessTable.aliasOwner(al));
    }
}
