package dev.weft.process;

import static dev.weft.process.Kernel.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.term.Atom;
import dev.weft.term.Pid;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The node's timers ({@link Timers}): receive timeouts and {@link Kernel#sendAfter} messages. */
class TimersTest {
    @Test
    void aTimerDueBeforeTheOneTheThreadSleepsForStillRunsOnTime() {
        AtomicBoolean late = new AtomicBoolean();
        Timers.Timer far = Timers.start(System.nanoTime() + Duration.ofMinutes(10).toNanos(), () -> late.set(true));
        AtomicBoolean soon = new AtomicBoolean();
        Timers.start(System.nanoTime() + Duration.ofMillis(20).toNanos(), () -> soon.set(true));
        await().atMost(Duration.ofSeconds(5)).untilTrue(soon);
        assertTrue(Timers.cancel(far));
        assertFalse(late.get());
    }

    @Test
    void aCancelledTimerNeverRunsAndCancelsOnlyOnce() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Timers.Timer t = Timers.start(System.nanoTime() + Duration.ofMillis(30).toNanos(), () -> cancelled.set(true));
        assertTrue(Timers.cancel(t));
        assertFalse(Timers.cancel(t));
        AtomicBoolean later = new AtomicBoolean();
        Timers.Timer after = Timers.start(System.nanoTime() + Duration.ofMillis(60).toNanos(), () -> later.set(true));
        await().atMost(Duration.ofSeconds(5)).untilTrue(later);
        assertFalse(cancelled.get());
        assertFalse(Timers.cancel(after));   // it ran
    }

    @Test
    void manyReceivesWithTimeoutsAllTimeOutAndAnsweredOnesDoNot() {
        Pid me = self();
        int n = 2000;
        for (int i = 0; i < n; i++) {
            int ms = 1 + i % 50;
            boolean answered = i % 2 == 0;
            Pid p = spawn(() -> send(me, receive(m -> m, Duration.ofMillis(answered ? 10_000 : ms), () -> Atom.TIMEOUT)));
            if (answered) send(p, Atom.OK);
        }
        AtomicInteger timeouts = new AtomicInteger();
        AtomicInteger replies = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            Object r = receive(m -> m, Duration.ofSeconds(10), () -> null);
            assertNotNull(r, "reply " + i);
            (Atom.TIMEOUT.equals(r) ? timeouts : replies).incrementAndGet();
        }
        assertEquals(n / 2, timeouts.get());
        assertEquals(n / 2, replies.get());
    }

    @Test
    void aWaitThatLongNeverTimesOut() {
        Pid p = spawn(() -> receive(m -> m, Duration.ofDays(365L * 200), () -> Atom.TIMEOUT));
        await().until(() -> info(p).status().equals(Atom.of("waiting")));
        send(p, Atom.OK);
        await().until(() -> !alive(p));
    }
}
