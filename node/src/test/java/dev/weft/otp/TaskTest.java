package dev.weft.otp;

import static dev.weft.otp.OtpTesting.*;
import static dev.weft.process.Kernel.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.process.Down;
import dev.weft.process.Exit;
import dev.weft.process.Spawned;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskTest {
    static final Atom TASK = Atom.of("Elixir.Task");

    @Test
    void asyncAndAwaitReturnTheValue() {
        Task<Integer> task = Task.async(() -> 1 + 2);
        assertEquals(self(), task.owner());
        assertEquals(3, task.await());
        assertNull(receive(m -> m instanceof Down d && d.ref().equals(task.ref()) ? d : NO_MATCH, Duration.ofMillis(50), () -> null),
                "await drops the monitor and its DOWN");
    }

    @Test
    void theValueArrivesAsARefTaggedMessage() {
        Task<String> task = Task.async(() -> "hi");
        Tuple reply = receive(m -> m instanceof Tuple t && t.size() == 2 && t.get(0).equals(task.ref()) ? t : NO_MATCH, WAIT, () -> null);
        assertEquals(Tuple.of(task.ref(), "hi"), reply);
        assertEquals(Atom.NORMAL, awaitDown(task.ref()).reason());
    }

    @Test
    void awaitTimesOutWithAnElixirShapedExit() {
        Task<Atom> task = Task.async(() -> sleep(Duration.ofSeconds(2)));
        Object reason = exitReason(() -> task.await(Duration.ofMillis(10)));
        assertEquals(Tuple.of(Atom.TIMEOUT, Tuple.of(TASK, Atom.of("await"), List.of(task, 10L))), reason);
        assertNull(task.shutdown(ChildSpec.BRUTAL_KILL));
    }

    @Test
    void aCrashingTaskTakesItsOwnerDownThroughTheLink() {
        Pid test = self();
        Spawned owner = spawnMonitor(() -> {
            Task<Object> task = Task.async(() -> exit(Atom.of("boom")));
            send(test, "started");
            task.await();
        });
        assertEquals(Atom.of("boom"), awaitDown(owner.ref()).reason());
    }

    @Test
    void aTrappingOwnerSeesTheCrashInAwait() {
        trapExit(true);
        try {
            Task<Object> task = Task.async(() -> exit(Atom.of("boom")));
            Object reason = exitReason(task::await);
            assertEquals(Tuple.of(Atom.of("boom"), Tuple.of(TASK, Atom.of("await"), List.of(task, 5000L))), reason);
            awaitExit(task.pid());
        } finally {
            trapExit(false);
        }
    }

    @Test
    void aRaiseIsReportedNamingTheTaskAndItsStarter() {
        Pid test = self();
        try (CapturedLog log = new CapturedLog()) {
            Pid pid = Task.start(() -> { throw new IllegalStateException("oops"); });
            org.awaitility.Awaitility.await().until(() -> log.text().contains("Task " + pid + " started from " + test + " terminating"));
            assertTrue(log.text().contains("** (java.lang.IllegalStateException) oops"), log.text());
            assertTrue(log.text().contains("Function: "), log.text());
        }
    }

    @Test
    void yieldReturnsNilWhileRunningThenTheValue() {
        Task<String> task = Task.async(() -> receive(m -> m.equals("go") ? "went" : NO_MATCH));
        assertNull(task.yield(Duration.ofMillis(10)));
        send(task.pid(), "go");
        assertEquals(Tuple.of(Atom.OK, "went"), task.yield(WAIT));
    }

    @Test
    void yieldReportsAnExit() {
        trapExit(true);
        try {
            Task<Object> task = Task.async(() -> exit(Atom.of("boom")));
            assertEquals(Tuple.of(Atom.of("exit"), Atom.of("boom")), task.yield(WAIT));
            awaitExit(task.pid());
        } finally {
            trapExit(false);
        }
    }

    @Test
    void aTaskWhoseNodeWentAwayExitsNodedownFromAwaitYieldAndIgnore() {
        // Elixir 1.14, a DOWN with :noconnection for the task: Task.yield(task, 100) exits
        // {{:nodedown, node(task.pid)}, {Task, :yield, [task, 100]}}; so do await, ignore and the *_many
        for (String fun : List.of("await", "yield", "ignore", "await_many", "yield_many")) {
            Task<Object> task = Task.async(() -> receive(m -> m));
            send(self(), new Down(task.ref(), task.pid(), Atom.NOCONNECTION));
            var e = assertThrows(dev.weft.process.ExitException.class, () -> {
                switch (fun) {
                    case "await" -> task.await(Duration.ofMillis(100));
                    case "yield" -> task.yield(Duration.ofMillis(100));
                    case "ignore" -> task.ignore();
                    case "await_many" -> Task.awaitMany(List.of(task), Duration.ofMillis(100));
                    default -> Task.yieldMany(List.of(task), Duration.ofMillis(100));
                }
            });
            Tuple mfa = (Tuple) ((Tuple) e.reason()).get(1);
            assertEquals(Tuple.of(Atom.of("nodedown"), task.pid().node()), ((Tuple) e.reason()).get(0));
            assertEquals(Atom.of(fun), mfa.get(1));
            task.shutdown(Duration.ZERO);
        }
    }

    @Test
    void shutdownStopsARunningTaskAndTheOwnerLivesOn() {
        Task<Atom> task = Task.async(() -> sleep(Duration.ofSeconds(10)));
        Ref watch = monitor(task.pid());
        assertNull(task.shutdown());
        assertEquals(Atom.SHUTDOWN, awaitDown(watch).reason());
        assertTrue(alive(self()));
    }

    @Test
    void shutdownReturnsAValueThatAlreadyArrived() {
        Task<String> task = Task.async(() -> "quick");
        awaitDownWithoutTaking(task);
        assertEquals(Tuple.of(Atom.OK, "quick"), task.shutdown());
    }

    private static void awaitDownWithoutTaking(Task<?> task) {
        Ref watch = monitor(task.pid());
        awaitDown(watch);
    }

    @Test
    void shutdownKillsATaskThatIgnoresIt() {
        Pid test = self();
        Task<Object> task = Task.async(() -> {
            trapExit(true);
            send(test, "trapping");
            return sleep(Duration.ofSeconds(10));
        });
        received("trapping");
        Ref watch = monitor(task.pid());
        assertNull(task.shutdown(Duration.ofMillis(50)));
        assertEquals(Atom.KILLED, awaitDown(watch).reason());
    }

    @Test
    void awaitManyReturnsValuesInOrderOrExitsOnTimeout() {
        List<Task<Integer>> tasks = List.of(Task.async(() -> { sleep(Duration.ofMillis(30)); return 1; }), Task.async(() -> 2));
        assertEquals(List.of(1, 2), Task.awaitMany(tasks, WAIT));
        List<Task<Object>> slow = List.of(Task.async(() -> 1), Task.async(() -> sleep(Duration.ofSeconds(2))));
        Object reason = exitReason(() -> Task.awaitMany(slow, Duration.ofMillis(20)));
        assertEquals(Tuple.of(Atom.TIMEOUT, Tuple.of(TASK, Atom.of("await_many"), List.of(slow, 20L))), reason);
        slow.get(1).shutdown(ChildSpec.BRUTAL_KILL);
    }

    @Test
    void onlyTheOwnerMayAwait() {
        Task<Integer> task = Task.async(() -> 1);
        Pid test = self();
        Spawned other = spawnMonitor(() -> {
            try {
                task.await();
            } catch (IllegalArgumentException e) {
                send(test, e.getMessage());
            }
        });
        String msg = receive(m -> m instanceof String s && s.contains("owner") ? s : NO_MATCH, WAIT, () -> null);
        assertNotNull(msg);
        assertTrue(msg.contains(test.toString()) && msg.contains(other.pid().toString()), msg);
        assertEquals(1, task.await());
    }

    @Test
    void startLinkRunsAFunctionLinkedToTheCaller() {
        trapExit(true);
        try {
            Pid pid = Task.startLink(() -> exit(Atom.of("linked")));
            Exit e = awaitExit(pid);
            assertEquals(Atom.of("linked"), e.reason());
        } finally {
            trapExit(false);
        }
    }

    @Test
    void theJavadocExampleRuns() {
        Task<Integer> task = Task.async(() -> 1 + 2);
        int three = task.await();                        // default 5 s
        List<Integer> all = Task.awaitMany(List.of(Task.async(() -> 1), Task.async(() -> 2)), Duration.ofSeconds(5));
        Pid fireAndForget = Task.start(() -> System.out.println("hello"));
        assertEquals(3, three);
        assertEquals(List.of(1, 2), all);
        assertNotNull(fireAndForget);
    }

    @Test
    void asyncStreamGivesOkPerItemInTheItemsOrderWithAtMostMaxConcurrencyRunning() {
        java.util.concurrent.atomic.AtomicInteger now = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        List<Tuple> out = Task.asyncStream(List.of(3, 1, 2, 5, 4), (Integer x) -> {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            sleep(Duration.ofMillis(5L * x));
            now.decrementAndGet();
            return x * 2;
        }, 2, Duration.ofSeconds(5)).toList();
        assertEquals(List.of(Tuple.of(Atom.OK, 6), Tuple.of(Atom.OK, 2), Tuple.of(Atom.OK, 4), Tuple.of(Atom.OK, 10), Tuple.of(Atom.OK, 8)), out);
        assertTrue(most.get() <= 2, "at most 2 at once, saw " + most.get());
        assertEquals(List.of(Tuple.of(Atom.OK, 2)), Task.asyncStream(List.of(1), (Integer x) -> x * 2).toList());
    }

    @Test
    void anAsyncStreamTaskPastItsTimeoutExitsTheCallerAsElixirDoes() {
        Object reason = exitReason(() -> Task.asyncStream(List.of(1, 2), (Integer x) -> sleep(Duration.ofMillis(500)), 2, Duration.ofMillis(10)).toList());
        assertEquals(Tuple.of(Atom.TIMEOUT, Tuple.of(Atom.of("Elixir.Task.Supervised"), Atom.of("stream"), List.of(10L))), reason);
    }

    @Test
    void anUnorderedAsyncStreamGivesResultsAsTasksFinish() {
        // Task.async_stream([1, 2], fun, ordered: false): 1 finishes only once 2 has ended
        java.util.concurrent.atomic.AtomicReference<Pid> second = new java.util.concurrent.atomic.AtomicReference<>();
        List<Tuple> out = Task.asyncStream(List.of(1, 2), (Integer x) -> {
            if (x == 2) {
                second.set(self());
                return x;
            }
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> second.get() != null);
            awaitDown(monitor(second.get()));
            return x;
        }, Task.StreamOptions.defaults().maxConcurrency(2).ordered(false)).toList();
        assertEquals(List.of(Tuple.of(Atom.OK, 2), Tuple.of(Atom.OK, 1)), out);
    }

    @Test
    void withKillTaskATaskPastItsTimeoutIsKilledAndGivesExitTimeout() {
        // Task.async_stream([1, 2, 3], fun, timeout: 100, on_timeout: :kill_task) #=> [ok: 1, exit: :timeout, ok: 3]
        java.util.concurrent.atomic.AtomicReference<Pid> stuck = new java.util.concurrent.atomic.AtomicReference<>();
        Task.StreamOptions opts = Task.StreamOptions.defaults().maxConcurrency(3).timeout(Duration.ofMillis(100)).onTimeout(Atom.of("kill_task"));
        List<Tuple> out = Task.asyncStream(List.of(1, 2, 3), (Integer x) -> x == 2 ? hang(stuck) : x, opts).toList();
        assertEquals(List.of(Tuple.of(Atom.OK, 1), Tuple.of(Atom.of("exit"), Atom.TIMEOUT), Tuple.of(Atom.OK, 3)), out);
        assertFalse(alive(stuck.get()));
        // ... and with zip_input_on_exit: true, unordered #=> [ok: 1, ok: 3, exit: {2, :timeout}] (1 and 3 in the order they finish)
        List<Tuple> zipped = Task.asyncStream(List.of(1, 2, 3), (Integer x) -> x == 2 ? hang(stuck) : x,
                opts.zipInputOnExit(true).ordered(false)).toList();
        assertEquals(java.util.Set.of(Tuple.of(Atom.OK, 1), Tuple.of(Atom.OK, 3)), java.util.Set.copyOf(zipped.subList(0, 2)));
        assertEquals(Tuple.of(Atom.of("exit"), Tuple.of(2, Atom.TIMEOUT)), zipped.get(2));
    }

    private static Integer hang(java.util.concurrent.atomic.AtomicReference<Pid> me) {
        me.set(self());
        return receive(m -> NO_MATCH);
    }

    @Test
    void aTrappingCallerGetsExitForAFailedTaskAndAnEmptyMailbox() {
        // Process.flag(:trap_exit, true); Task.async_stream([1, 0, 2], &(10 / &1), zip_input_on_exit: true)
        //   #=> [ok: 10.0, exit: {0, {:badarith, _}}, ok: 5.0], and no :EXIT message is left
        while (receive(m -> m, Duration.ZERO, () -> null) != null) { }   // what earlier tests left
        trapExit(true);
        try {
            List<Tuple> out = Task.asyncStream(List.of(1, 0, 2), (Integer x) -> 10 / x,
                    Task.StreamOptions.defaults().zipInputOnExit(true)).toList();
            assertEquals(Tuple.of(Atom.OK, 10), out.get(0));
            assertEquals(Atom.of("exit"), out.get(1).get(0));
            assertEquals(0, ((Tuple) out.get(1).get(1)).get(0));
            assertEquals(Tuple.of(Atom.OK, 5), out.get(2));
            assertNull(receive(m -> m, Duration.ofMillis(50), () -> null), "nothing left in the mailbox");
        } finally {
            trapExit(false);
        }
    }

    @Test
    void asyncStreamOptionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Task.StreamOptions.defaults().maxConcurrency(0));
        assertThrows(IllegalArgumentException.class, () -> Task.StreamOptions.defaults().onTimeout(Atom.of("ignore")));
    }
}
