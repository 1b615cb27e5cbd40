package dev.weft.process;

import static dev.weft.process.Kernel.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A process in a quick exchange busy-waits a moment before parking (Mailbox#spinForIncoming): that
 * must change nothing it can observe.
 */
class ReceiveSpinTest {
    static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    static Pid echo() {
        return spawn(() -> {
            for (;;) {
                Object m = receive(x -> x);
                if (m instanceof Object[] a) send((Pid) a[0], a[1]);
            }
        });
    }

    @Test
    void aLongQuickExchangeKeepsEveryReplyInOrder() {
        Pid echo = echo();
        Pid me = self();
        for (int i = 0; i < 20_000; i++) {
            send(echo, new Object[] {me, i});
            int expected = i;
            Object got = receive(m -> m instanceof Integer n && n == expected ? n : NO_MATCH, FIVE_SECONDS, () -> "timeout");
            assertEquals(expected, got);
        }
        exit(echo, Atom.KILL);
    }

    @Test
    void aProcessThatLearnedToSpinStillExitsWhenKilledWhileWaiting() {
        Pid echo = echo();
        Pid me = self();
        for (int i = 0; i < 5_000; i++) {
            send(echo, new Object[] {me, "ping"});
            assertEquals("ping", receive(m -> m, FIVE_SECONDS, () -> "timeout"));
        }
        Ref ref = monitor(echo);
        exit(echo, Atom.KILL);
        Down d = receive(m -> m instanceof Down x && x.ref().equals(ref) ? x : NO_MATCH, FIVE_SECONDS, () -> null);
        assertNotNull(d);
        assertEquals(Atom.KILLED, d.reason());
        await().until(() -> !alive(echo));
    }

    @Test
    void unmatchedMessagesStayInPlaceWhileTheReceiverSpins() {
        Pid echo = echo();
        Pid me = self();
        for (int i = 0; i < 3_000; i++) {
            send(me, "junk" + i);
            send(echo, new Object[] {me, i});
            int expected = i;
            assertEquals(expected, (int) receive(m -> m instanceof Integer n && n == expected ? n : NO_MATCH, FIVE_SECONDS, () -> -1));
        }
        for (int i = 0; i < 3_000; i++) assertEquals("junk" + i, receive(m -> m, Duration.ZERO, () -> null));
        exit(echo, Atom.KILL);
    }
}
