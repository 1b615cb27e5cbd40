package dev.weft.process;

import static dev.weft.process.Kernel.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class KernelTest {
    static final Atom HELLO = Atom.of("hello");
    static final Duration SECOND = Duration.ofSeconds(1);

    /** Receives the first message equal to {@code expected}, or fails after 5 s. */
    static void assertReceived(Object expected) {
        Object got = receive(m -> m.equals(expected) ? m : NO_MATCH, Duration.ofSeconds(5), () -> null);
        assertEquals(expected, got, "expected " + expected + " in the mailbox");
    }

    static Down awaitDown(Ref ref) {
        Down d = receive(m -> m instanceof Down x && x.ref().equals(ref) ? x : NO_MATCH, Duration.ofSeconds(5), () -> null);
        assertNotNull(d, "no DOWN for " + ref);
        return d;
    }

    static Exit awaitExit(Pid from) {
        Exit e = receive(m -> m instanceof Exit x && x.from().equals(from) ? x : NO_MATCH, Duration.ofSeconds(5), () -> null);
        assertNotNull(e, "no EXIT from " + from);
        return e;
    }

    @Test
    void spawnedProcessThatComputesIsNotAliveAfterwards() {
        Spawned s = spawnMonitor(() -> { int x = 1 + 2; });
        assertEquals(Atom.NORMAL, awaitDown(s.ref()).reason());
        assertFalse(alive(s.pid()));
    }

    @Test
    void selfIsAliveAndPrintsLikeElixir() {
        Pid me = self();
        assertTrue(alive(me));
        assertTrue(me.toString().matches("#PID<0\\.\\d+\\.0>"), me.toString());
        assertEquals(me, self());
    }

    @Test
    void aProcessThatSetsItsOwnUncaughtExceptionHandlerIsStillItself() {
        Pid parent = self();
        Pid child = spawn(() -> {
            Pid before = self();
            Thread.currentThread().setUncaughtExceptionHandler((t, e) -> { });
            send(parent, Tuple.of(before, self()));
        });
        Tuple got = receive(m -> m instanceof Tuple t && t.size() == 2 && t.get(0) instanceof Pid ? t : NO_MATCH, Duration.ofSeconds(5), () -> null);
        assertNotNull(got, "the child did not report");
        assertEquals(child, got.get(0));
        assertEquals(child, got.get(1), "self() after the handler changed is still the spawned process");
    }

    @Test
    void sendToSelfThenReceive() {
        send(self(), Tuple.of(HELLO, "world"));
        String got = receive(m -> m instanceof Tuple t && t.is(HELLO, 2) ? (String) t.get(1) : NO_MATCH);
        assertEquals("world", got);
    }

    @Test
    void receiveAfterTimesOutWithTheAfterValue() {
        String got = receive(m -> m.equals("never sent") ? "x" : NO_MATCH, Duration.ofMillis(50), () -> "nothing after 50ms");
        assertEquals("nothing after 50ms", got);
    }

    @Test
    void receiveAfterZeroLooksOnlyAtWhatIsThere() {
        assertEquals("empty", receive(m -> m.equals("zero-test") ? m : NO_MATCH, Duration.ZERO, () -> "empty"));
        send(self(), "zero-test");
        assertEquals("zero-test", receive(m -> m.equals("zero-test") ? m : NO_MATCH, Duration.ZERO, () -> "empty"));
    }

    @Test
    void childSendsHelloWithItsPidToParent() {
        Pid parent = self();
        Pid child = spawn(() -> send(parent, Tuple.of(HELLO, self())));
        Pid from = receive(m -> m instanceof Tuple t && t.is(HELLO, 2) && t.get(1).equals(child) ? (Pid) t.get(1) : NO_MATCH, SECOND, () -> null);
        assertEquals(child, from);
    }

    @Test
    void selectiveReceiveLeavesOtherMessagesInOrder() {
        Pid me = spawn(() -> {});
        Pid parent = self();
        Pid p = spawn(() -> {
            // take :b first, then the rest must come out in arrival order
            Object b = receive(m -> m.equals("b") ? m : NO_MATCH);
            List<Object> rest = new ArrayList<>();
            for (int i = 0; i < 3; i++) rest.add(receive());
            send(parent, Tuple.of(b, rest));
        });
        for (String s : List.of("a", "b", "c", "d")) send(p, s);
        Tuple t = receive(m -> m instanceof Tuple x && "b".equals(x.get(0)) ? x : NO_MATCH, SECOND, () -> null);
        assertEquals(Tuple.of("b", List.of("a", "c", "d")), t);
        assertNotNull(me);
    }

    @Test
    void nestedReceiveInsideAMatcherDoesNotBreakTheOuterScan() {
        Pid parent = self();
        Pid p = spawn(() -> {
            send(self(), "x1");
            send(self(), "inner");
            send(self(), "x2");
            send(self(), "outer");
            List<Object> seen = new ArrayList<>();
            Object r = receive(m -> {
                if (m.equals("x1")) {
                    seen.add(receive(n -> n.equals("inner") ? n : NO_MATCH));
                    return NO_MATCH;
                }
                return m.equals("outer") ? m : NO_MATCH;
            });
            seen.add(r);
            seen.add(receive());
            seen.add(receive());
            send(parent, List.copyOf(seen));
        });
        Object got = receive(m -> m instanceof List<?> ? m : NO_MATCH, SECOND, () -> null);
        assertEquals(List.of("inner", "outer", "x1", "x2"), got);
        assertNotNull(p);
    }

    @Test
    void flushTakesEveryMessageAndReturnsOk() {
        Spawned s = spawnMonitor(() -> {
            send(self(), 1);
            send(self(), Map.of(Atom.of("a"), 2));
            assertEquals(Atom.OK, flush());
            assertEquals("empty", receive(m -> m, Duration.ZERO, () -> "empty"));
        });
        assertEquals(Atom.NORMAL, awaitDown(s.ref()).reason());
    }

    @Test
    void aRaisingProcessCrashesAloneAndTheParentIsFine() {
        Spawned s = spawnMonitor(() -> { throw new IllegalStateException("oops"); });
        Down d = awaitDown(s.ref());
        assertInstanceOf(IllegalStateException.class, d.reason());
        assertTrue(alive(self()));
    }

    @Test
    void spawnLinkOfARaisingFunctionTakesTheCallerDown() {
        AtomicReference<Pid> inner = new AtomicReference<>();
        Spawned caller = spawnMonitor(() -> {
            inner.set(spawnLink(() -> { throw new RuntimeException("oops"); }));
            receive(m -> NO_MATCH);
        });
        Down d = awaitDown(caller.ref());
        assertInstanceOf(RuntimeException.class, d.reason());
        assertEquals("oops", ((RuntimeException) d.reason()).getMessage());
    }

    @Test
    void trappingExitsTurnsALinkedCrashIntoAMessage() {
        Spawned s = spawnMonitor(() -> {
            trapExit(true);
            Pid child = spawnLink(() -> exit(Atom.of("boom")));
            Exit e = awaitExit(child);
            exit(e.reason());
        });
        assertEquals(Atom.of("boom"), awaitDown(s.ref()).reason());
    }

    @Test
    void normalExitOfALinkedProcessDoesNotKillTheCaller() {
        Spawned s = spawnMonitor(() -> {
            Pid child = spawnLink(() -> {});
            Ref r = monitor(child);
            awaitDown(r);
            exit(Atom.of("survived"));
        });
        assertEquals(Atom.of("survived"), awaitDown(s.ref()).reason());
    }

    @Test
    void exitNormalIsIgnoredByANonTrappingProcess() {
        Spawned s = spawnMonitor(() -> receive(m -> m.equals("stop") ? m : NO_MATCH));
        exit(s.pid(), Atom.NORMAL);
        assertEquals("still here", receive(m -> m instanceof Down d && d.ref().equals(s.ref()) ? m : NO_MATCH, Duration.ofMillis(100), () -> "still here"));
        send(s.pid(), "stop");
        assertEquals(Atom.NORMAL, awaitDown(s.ref()).reason());
    }

    @Test
    void exitWithAReasonKillsAndTrappersGetAMessage() {
        Spawned plain = spawnMonitor(() -> receive(m -> NO_MATCH));
        exit(plain.pid(), Atom.of("shutdown"));
        assertFalse(alive(plain.pid()));
        assertEquals(Atom.of("shutdown"), awaitDown(plain.ref()).reason());

        Pid parent = self();
        Spawned trapper = spawnMonitor(() -> {
            trapExit(true);
            send(parent, "trapping");
            Exit e = receive(m -> m instanceof Exit x ? x : NO_MATCH);
            send(parent, e);
        });
        assertReceived("trapping");
        exit(trapper.pid(), Atom.of("please"));
        assertReceived(new Exit(self(), Atom.of("please")));
        assertEquals(Atom.NORMAL, awaitDown(trapper.ref()).reason());
    }

    @Test
    void killCannotBeTrappedAndLinksSeeKilled() {
        Pid parent = self();
        Spawned s = spawnMonitor(() -> {
            trapExit(true);
            Pid victim = spawnLink(() -> {
                trapExit(true);
                receive(m -> NO_MATCH);
            });
            send(parent, victim);
            Exit e = awaitExit(victim);
            send(parent, e);
        });
        Pid victim = receive(m -> m instanceof Pid p ? p : NO_MATCH, SECOND, () -> null);
        exit(victim, Atom.KILL);
        assertFalse(alive(victim));
        assertReceived(new Exit(victim, Atom.KILLED));
        awaitDown(s.ref());
    }

    @Test
    void exitSelfNormalEndsTheCaller() {
        Spawned s = spawnMonitor(() -> {
            exit(self(), Atom.NORMAL);
            send(KernelTest.parentOf(), "not reached");
        });
        assertEquals(Atom.NORMAL, awaitDown(s.ref()).reason());
    }

    static Pid parentOf() {
        return null;
    }

    @Test
    void linkingToADeadPidRaisesNoprocOrDeliversAnExitWhenTrapping() {
        Spawned dead = spawnMonitor(() -> {});
        awaitDown(dead.ref());
        Spawned plain = spawnMonitor(() -> link(dead.pid()));
        assertEquals(Atom.NOPROC, awaitDown(plain.ref()).reason());

        Pid parent = self();
        Spawned trapper = spawnMonitor(() -> {
            trapExit(true);
            link(dead.pid());
            send(parent, awaitExit(dead.pid()));
        });
        assertReceived(new Exit(dead.pid(), Atom.NOPROC));
        awaitDown(trapper.ref());
    }

    @Test
    void unlinkStopsExitPropagation() {
        Spawned s = spawnMonitor(() -> {
            Pid child = spawnLink(() -> receive(m -> m.equals("die") ? exit(Atom.of("bad")) : NO_MATCH));
            unlink(child);
            Ref r = monitor(child);
            send(child, "die");
            awaitDown(r);
            exit(Atom.of("unaffected"));
        });
        assertEquals(Atom.of("unaffected"), awaitDown(s.ref()).reason());
    }

    @Test
    void monitorADeadPidGivesDownNoprocAtOnce() {
        Spawned dead = spawnMonitor(() -> {});
        awaitDown(dead.ref());
        Ref ref = monitor(dead.pid());
        Down d = awaitDown(ref);
        assertEquals(new Down(ref, dead.pid(), Atom.NOPROC), d);
        assertTrue(d.toString().startsWith("{:DOWN, #Reference<"), d.toString());
    }

    @Test
    void demonitorWithFlushRemovesADownAlreadyQueued() {
        Pid p = spawn(() -> receive(m -> m.equals("go") ? m : NO_MATCH));
        Ref ref = monitor(p);
        send(p, "go");
        Pid me = self();
        await().until(() -> !alive(p) && info(me).messageQueueLen() > 0);
        demonitor(ref, FLUSH);
        assertEquals("none", receive(m -> m instanceof Down d && d.ref().equals(ref) ? m : NO_MATCH, Duration.ofMillis(50), () -> "none"));
    }

    @Test
    void noDownArrivesAfterDemonitor() {
        Pid p = spawn(() -> receive(m -> m.equals("go") ? m : NO_MATCH));
        Ref ref = monitor(p);
        demonitor(ref);
        Ref other = monitor(p);
        send(p, "go");
        awaitDown(other);
        assertEquals("none", receive(m -> m instanceof Down d && d.ref().equals(ref) ? m : NO_MATCH, Duration.ofMillis(50), () -> "none"));
    }

    @Test
    void registeredNamesResolveAndAreFreedWhenTheProcessDies() {
        Atom name = Atom.of("kernel_test_named");
        Pid p = spawn(() -> receive(m -> m.equals("stop") ? m : NO_MATCH));
        register(p, name);
        assertEquals(p, whereis(name));
        assertTrue(registered().contains(name));
        IllegalArgumentException taken = assertThrows(IllegalArgumentException.class, () -> register(self(), name));
        assertTrue(taken.getMessage().contains("already taken"), taken.getMessage());
        Ref r = monitor(p);
        send(name, "stop");
        awaitDown(r);
        assertNull(whereis(name));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> send(name, "hi"));
        assertTrue(unknown.getMessage().contains(":kernel_test_named"), unknown.getMessage());
    }

    @Test
    void unregisterFreesTheName() {
        Atom name = Atom.of("kernel_test_unreg");
        register(self(), name);
        unregister(name);
        assertNull(whereis(name));
        assertThrows(IllegalArgumentException.class, () -> unregister(name));
    }

    @Test
    void sendToADeadPidIsSilentlyDropped() {
        Spawned s = spawnMonitor(() -> {});
        awaitDown(s.ref());
        assertEquals("msg", send(s.pid(), "msg"));
    }

    @Test
    void infoShowsStatusQueueLinksMonitorsAndName() {
        Atom name = Atom.of("kernel_test_info");
        Pid p = spawn(() -> receive(m -> m.equals("stop") ? m : NO_MATCH));
        register(p, name);
        link(p);
        Ref ref = monitor(p);
        send(p, "one");
        send(p, "two");
        await().until(() -> info(p).status().equals(Atom.of("waiting")) && info(p).messageQueueLen() == 2);
        ProcessInfo i = info(p);
        assertEquals(name, i.registeredName());
        assertEquals(List.of(self()), i.links());
        assertEquals(List.of(self()), i.monitoredBy());
        assertTrue(processes().contains(p));
        unlink(p);
        send(p, "stop");
        awaitDown(ref);
        assertNull(info(p));
    }

    @Test
    void theInfoItemJavadocExamplesRun() {
        Pid p = spawn(() -> receive(m -> Atom.of("stop").equals(m) ? m : NO_MATCH));
        send(p, "one");
        send(p, "two");
        Tuple messages = info(p, Atom.of("messages"));             // {:messages, ["one", "two"]}
        Tuple name = info(p, Atom.of("registered_name"));          // {:registered_name, []}
        List<Tuple> kw = info(self(), List.of(Atom.of("status"), Atom.of("trap_exit")));
        assertEquals("{:messages, [\"one\", \"two\"]}", messages.toString());
        assertEquals("{:registered_name, []}", name.toString());
        assertEquals(List.of(Tuple.of(Atom.of("status"), Atom.of("running")), Tuple.of(Atom.of("trap_exit"), false)), kw);
        send(p, Atom.of("stop"));
    }

    @Test
    void aProcessAskedForItsMessagesAnswersOnceBackInTheRuntimeAndAskersWaitingOnEachOtherDoNotDeadlock() {
        Atom messages = Atom.of("messages");
        Pid me = self();
        send(me, "x");
        // this thread stays out of the runtime until its own info call: b waits for it, handling its signals
        Pid b = spawn(() -> {
            send(me, info(me, messages));
            receive(m -> "stop".equals(m) ? m : NO_MATCH);
        });
        assertEquals(Tuple.of(messages, List.of()), info(b, messages));
        assertReceived(Tuple.of(messages, List.of("x")));
        assertReceived("x");
        send(b, "stop");
    }

    @Test
    void aProcessWaitingForTheMessagesOfOneBusyOutsideTheRuntimeExitsWhenKilled() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Pid busy = spawn(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Pid me = self();
        Pid asker = spawn(() -> {
            send(me, "asking");
            send(me, info(busy, Atom.of("messages")));
        });
        try {
            assertReceived("asking");
            exit(asker, Atom.KILL);
            await().until(() -> !processes().contains(asker));
            assertTrue(alive(busy), "the asker exited while the process it asked had not answered");
        } finally {
            release.countDown();
        }
    }

    @Test
    void messagesBetweenAPairArriveInOrder() {
        Pid parent = self();
        int n = 10_000;
        Pid receiver = spawn(() -> {
            int expected = 0;
            for (int i = 0; i < n; i++) {
                int got = receive(m -> m instanceof Integer x ? x : NO_MATCH);
                if (got != expected++) {
                    send(parent, "out of order at " + i);
                    return;
                }
            }
            send(parent, "in order");
        });
        for (int i = 0; i < n; i++) send(receiver, i);
        assertEquals("in order", receive(m -> m instanceof String s && (s.startsWith("in") || s.startsWith("out")) ? s : NO_MATCH, Duration.ofSeconds(10), () -> "timeout"));
    }

    @Test
    void theRefTrickOnlyLooksAtNewerMessages() {
        Pid echo = spawn(() -> {
            for (;;) {
                Tuple t = receive(m -> m instanceof Tuple x ? x : NO_MATCH);
                send((Pid) t.get(0), Tuple.of(t.get(1), "reply"));
            }
        });
        for (int i = 0; i < 1000; i++) send(self(), Tuple.of("junk", i));
        Ref ref = makeRef();
        send(echo, Tuple.of(self(), ref));
        Object r = receive(ref, m -> m instanceof Tuple t && ref.equals(t.get(0)) ? t.get(1) : NO_MATCH, SECOND, () -> "timeout");
        assertEquals("reply", r);
        assertTrue(info(self()).messageQueueLen() >= 1000);
        flushQuietly();
        exit(echo, Atom.KILL);
    }

    static void flushQuietly() {
        while (receive(m -> m, Duration.ZERO, () -> null) != null) { }
    }

    @Test
    void sendAfterDeliversLaterAndCanBeCancelled() {
        Ref t1 = sendAfter(self(), "later", Duration.ofMillis(20));
        Ref t2 = sendAfter(self(), "cancelled", Duration.ofMillis(20));
        assertTrue(cancelTimer(t2));
        assertReceived("later");
        assertFalse(cancelTimer(t1));
        assertEquals("none", receive(m -> m.equals("cancelled") ? m : NO_MATCH, Duration.ofMillis(60), () -> "none"));
    }

    @Test
    void sleepStillAnswersExitSignals() {
        Spawned s = spawnMonitor(() -> sleep(Duration.ofMinutes(5)));
        exit(s.pid(), Atom.of("wake_up"));
        assertEquals(Atom.of("wake_up"), awaitDown(s.ref()).reason());
    }

    @Test
    void groupLeaderIsInheritedFromTheSpawner() {
        Pid leader = spawn(() -> receive(m -> NO_MATCH));
        Pid parent = self();
        Spawned s = spawnMonitor(() -> {
            groupLeader(leader, self());
            spawn(() -> send(parent, Tuple.of("gl", groupLeader())));
        });
        assertReceived(Tuple.of("gl", leader));
        awaitDown(s.ref());
        exit(leader, Atom.KILL);
    }

    @Test
    void everyOneOfManyProcessesKilledWhileGoingToSleepEnds() {
        List<Spawned> all = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) all.add(spawnMonitor(() -> receive(m -> NO_MATCH)));
        for (Spawned s : all) exit(s.pid(), Atom.of("stop"));   // races each process on its way into receive
        for (Spawned s : all) assertEquals(Atom.of("stop"), awaitDown(s.ref()).reason());
    }

    @Test
    void aMonitorByNameOnThisNodeWatchesWhoeverHoldsTheNameAndIsNoprocForNobody() {
        Atom name = Atom.of("monitored_by_name");
        Pid p = spawn(() -> receive(m -> m));
        register(p, name);
        Ref ref = monitor(name, dev.weft.term.NodeNames.local());
        send(p, Atom.OK);
        Down d = receive(m -> m instanceof Down x && x.ref().equals(ref) ? x : NO_MATCH, Duration.ofSeconds(5), () -> null);
        assertEquals(new Down(ref, p, Atom.NORMAL), d);
        Ref none = monitor(name, dev.weft.term.NodeNames.local());
        Down gone = receive(m -> m instanceof Down x && x.ref().equals(none) ? x : NO_MATCH, Duration.ZERO, () -> null);
        assertNotNull(gone, "the Down for a name nobody holds is there at once");
        assertEquals(Atom.NOPROC, gone.reason());
    }
}
