package dev.weft.process;

import static dev.weft.process.Kernel.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The node's schedulers ({@link Scheduler}): what a process can observe of them. A woken process
 * waits in its waker's carrier only while that carrier is free soon; processes started from a
 * process, from a platform thread and woken by timers all run.
 */
class SchedulerTest {
    static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    @Test
    void processesRunOnTheNodesSchedulers() {
        Pid me = self();
        spawn(() -> send(me, Thread.currentThread().toString()));
        String thread = receive(m -> m instanceof String s ? s : NO_MATCH, FIVE_SECONDS, () -> "timeout");
        assertTrue(thread.contains("weft-scheduler-"), thread);   // the test JVM opens java.lang, as scripts/weft does
    }

    @Test
    void aProcessWokenByOneThatKeepsRunningIsRunElsewhere() {
        assumeTrue(Scheduler.carriers() > 1, "needs a second carrier");
        Pid me = self();
        Pid echo = spawn(() -> {
            Object m = receive(x -> x);
            send(me, m);
        });
        AtomicBoolean stop = new AtomicBoolean();
        spawn(() -> {
            send(echo, "woken");                   // lands in this carrier's run-next slot
            while (!stop.get()) Thread.onSpinWait();   // and this carrier stays busy
        });
        try {
            assertEquals("woken", receive(m -> m, FIVE_SECONDS, () -> "starved"));
        } finally {
            stop.set(true);
        }
    }

    @Test
    void manyProcessesStartedFromAProcessAllRun() {
        Pid me = self();
        int n = 20_000;
        AtomicInteger ran = new AtomicInteger();
        spawn(() -> {
            for (int i = 0; i < n; i++) spawn(ran::incrementAndGet);   // more than a run queue holds
            send(me, Atom.OK);
        });
        assertEquals(Atom.OK, receive(m -> m, FIVE_SECONDS, () -> "timeout"));
        await().atMost(FIVE_SECONDS).until(() -> ran.get() == n);
    }

    @Test
    void aYieldingProcessLetsTheOthersOnItsCarrierRun() {
        Pid me = self();
        AtomicBoolean stop = new AtomicBoolean();
        int n = Scheduler.carriers() * 2;
        for (int i = 0; i < n; i++) {
            spawn(() -> {
                while (!stop.get()) Thread.yield();
            });
        }
        spawn(() -> send(me, "ran"));
        try {
            assertEquals("ran", receive(m -> m, FIVE_SECONDS, () -> "starved"));
        } finally {
            stop.set(true);
        }
    }

    @Test
    void aProcessThatWakesManyInALoopYieldsToThem() {
        // every other carrier kept busy, so the woken run during the loop only if the waker yields
        Pid me = self();
        AtomicBoolean stop = new AtomicBoolean();
        for (int i = 1; i < Scheduler.carriers(); i++) {
            spawn(() -> {
                long until = System.nanoTime() + FIVE_SECONDS.toNanos();
                while (!stop.get() && System.nanoTime() < until) Thread.onSpinWait();
            });
        }
        int n = 1000;
        AtomicInteger woke = new AtomicInteger();
        Pid[] waiters = new Pid[n];
        for (int i = 0; i < n; i++) {
            waiters[i] = spawn(() -> {
                receive(m -> m);
                woke.incrementAndGet();
            });
        }
        await().atMost(FIVE_SECONDS).until(() -> java.util.Arrays.stream(waiters).allMatch(p -> ProcessTable.get(p).isWaiting()));
        try {
            spawn(() -> {
                for (Pid w : waiters) send(w, Atom.OK);
                send(me, Tuple.of(Atom.of("woke_during_the_loop"), woke.get()));
            });
            int during = receive(m -> m instanceof Tuple t && t.is(Atom.of("woke_during_the_loop"), 2) ? t.get(1) : NO_MATCH, FIVE_SECONDS, () -> -1);
            assertTrue(during >= n / 2, during + " of " + n + " woken processes ran while their waker went on waking");
        } finally {
            stop.set(true);
        }
        await().atMost(FIVE_SECONDS).until(() -> woke.get() == n);
    }

    @Test
    void timersWakeProcessesOnIdleSchedulers() {
        Pid me = self();
        spawn(() -> {
            Object r = receive(m -> m, Duration.ofMillis(20), () -> "after");
            send(me, r);
        });
        assertEquals("after", receive(m -> m, FIVE_SECONDS, () -> "timeout"));
    }

    /** Spawns a process that waits for a message and returns it woken: in its waker's run-next slot. */
    private static Pid waiting() {
        Pid me = self();
        Pid p = spawn(() -> {
            send(me, Atom.OK);
            receive(m -> m);
        });
        receive(m -> m == Atom.OK ? m : NO_MATCH, FIVE_SECONDS, () -> null);
        await().until(() -> info(p).status().equals(Atom.of("waiting")));
        return p;
    }

    @Test
    void aDeferredFlushRunsAfterTheProcessesThatWaitedToRunAndNotBefore() {
        Pid me = self();
        Pid woken = waiting();
        AtomicBoolean flushed = new AtomicBoolean();
        spawn(() -> {
            send(woken, "wake up");
            boolean deferred = Scheduler.defer(() -> flushed.set(true));
            send(me, Tuple.of(deferred, flushed.get()));   // still running: not flushed yet
            receive(m -> m);
        });
        assertEquals(Tuple.of(true, false), receive(m -> m, FIVE_SECONDS, () -> "timeout"));
        await().atMost(FIVE_SECONDS).untilTrue(flushed);
    }

    @Test
    void aDeferredFlushOfAProcessThatKeepsRunningIsTakenOverByAnIdleScheduler() {
        assumeTrue(Scheduler.carriers() > 1, "needs a second carrier");
        Pid woken = waiting();
        AtomicBoolean flushed = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        spawn(() -> {
            send(woken, "wake up");
            Scheduler.defer(() -> flushed.set(true));
            while (!stop.get()) Thread.onSpinWait();
        });
        try {
            await().atMost(FIVE_SECONDS).untilTrue(flushed);
        } finally {
            stop.set(true);
        }
    }

    @Test
    void withNoProcessWaitingToRunNextOrOutsideAProcessNothingIsDeferred() {
        assertFalse(Scheduler.defer(() -> fail("kept")));
        Pid me = self();
        spawn(() -> send(me, Scheduler.defer(() -> fail("kept"))));
        assertEquals(false, receive(m -> m, FIVE_SECONDS, () -> "timeout"));
    }
}
