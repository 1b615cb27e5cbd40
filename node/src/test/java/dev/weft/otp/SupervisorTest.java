package dev.weft.otp;

import static dev.weft.otp.OtpTesting.*;
import static dev.weft.process.Kernel.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.otp.ChildSpec.Restart;
import dev.weft.otp.Supervisor.Strategy;
import dev.weft.process.ExitException;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SupervisorTest {
    static final Atom STARTED = Atom.of("started");
    static final Atom STOPPED = Atom.of("stopped");

    /** A worker that tells {@code report} when it starts and stops, and traps exits so it gets to stop. */
    record Worker(Object id, Pid report) implements GenServer<Object> {
        @Override
        public Init<Object> init() {
            trapExit(true);
            send(report, Tuple.of(STARTED, id, self()));
            return new Ok<>(id);
        }

        @Override
        public Result<Object> handleCall(Object request, From from, Object state) {
            return new Stop<>(request, state);       // a call is a way to make it exit with a reason
        }

        @Override
        public void terminate(Object reason, Object state) {
            send(report, Tuple.of(STOPPED, id, reason));
        }
    }

    static ChildSpec worker(Object id) {
        Pid test = self();
        return ChildSpec.worker(id, () -> GenServer.startLink(new Worker(id, test)));
    }

    /** The pid of the {@code {:started, id, pid}} message, which must come next among start reports. */
    static Pid started(Object id) {
        Tuple t = receive(m -> m instanceof Tuple x && x.is(STARTED, 3) ? x : NO_MATCH, WAIT, () -> null);
        assertNotNull(t, "no child started, expected " + id);
        assertEquals(id, t.get(1), "start order");
        return (Pid) t.get(2);
    }

    static void stopped(Object id) {
        Tuple t = receive(m -> m instanceof Tuple x && x.is(STOPPED, 3) ? x : NO_MATCH, WAIT, () -> null);
        assertNotNull(t, "no child stopped, expected " + id);
        assertEquals(id, t.get(1), "stop order");
    }

    static void noneStarted() {
        assertNull(receive(m -> m instanceof Tuple x && x.is(STARTED, 3) ? x : NO_MATCH, Duration.ofMillis(50), () -> null));
    }

    static Pid pidOf(Pid sup, Object id) {
        return Supervisor.whichChildren(sup).stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().pid();
    }

    /** Supervisors started by the test, stopped after it. */
    private final List<Pid> supervisors = new ArrayList<>();

    Pid supervise(List<ChildSpec> children, Strategy strategy) {
        return supervise(children, strategy, 3);
    }

    Pid supervise(List<ChildSpec> children, Strategy strategy, int maxRestarts) {
        Pid sup = Supervisor.startLink(null, children, strategy, maxRestarts, Duration.ofSeconds(30));
        supervisors.add(sup);
        return sup;
    }

    @BeforeEach
    void trap() {
        trapExit(true);       // a supervisor that gives up exits with :shutdown, which would end the test process
    }

    /** The test process lives on into the next test: leave it no supervisors and an empty mailbox. */
    @AfterEach
    void cleanUp() {
        for (Pid sup : supervisors) {
            if (alive(sup)) Supervisor.stop(sup);
        }
        while (receive(m -> m, Duration.ZERO, () -> null) != null) {
            // drop what the test left
        }
        trapExit(false);
    }

    @Test
    void childrenStartInOrderAndStopInReverseOrder() {
        Pid sup = supervise(List.of(worker("a"), worker("b"), worker("c")), Strategy.ONE_FOR_ONE);
        Pid a = started("a");
        Pid b = started("b");
        Pid c = started("c");
        assertEquals(List.of(new Supervisor.Child("c", c, ChildSpec.Type.WORKER), new Supervisor.Child("b", b, ChildSpec.Type.WORKER),
                new Supervisor.Child("a", a, ChildSpec.Type.WORKER)), Supervisor.whichChildren(sup));
        Supervisor.stop(sup);
        stopped("c");
        stopped("b");
        stopped("a");
        assertFalse(alive(a) || alive(b) || alive(c));
    }

    @Test
    void oneForOneRestartsOnlyTheChildThatWasKilled() {
        Pid sup = supervise(List.of(worker("a"), worker("b")), Strategy.ONE_FOR_ONE);
        Pid a = started("a");
        Pid b = started("b");
        exit(a, Atom.KILL);
        Pid a2 = started("a");
        assertNotEquals(a, a2);
        assertEquals(a2, pidOf(sup, "a"));
        assertEquals(b, pidOf(sup, "b"));
        noneStarted();
    }

    @Test
    void oneForAllRestartsEveryChildInOrder() {
        Pid sup = supervise(List.of(worker("a"), worker("b"), worker("c")), Strategy.ONE_FOR_ALL);
        started("a");
        Pid b = started("b");
        started("c");
        exit(b, Atom.KILL);
        stopped("c");
        stopped("a");
        started("a");
        started("b");
        started("c");
        assertEquals(3, Supervisor.countChildren(sup).active());
    }

    @Test
    void restForOneRestartsTheChildAndThoseStartedAfterIt() {
        Pid sup = supervise(List.of(worker("a"), worker("b"), worker("c")), Strategy.REST_FOR_ONE);
        Pid a = started("a");
        Pid b = started("b");
        started("c");
        exit(b, Atom.KILL);
        stopped("c");
        started("b");
        started("c");
        noneStarted();
        assertEquals(a, pidOf(sup, "a"));
    }

    @Test
    void moreThanMaxRestartsInThePeriodShutsTheSupervisorDown() {
        Pid sup = supervise(List.of(worker("a"), worker("b")), Strategy.ONE_FOR_ONE, 3);
        Ref ref = monitor(sup);
        started("a");
        Pid b = started("b");
        for (int i = 0; i < 3; i++) {
            exit(b, Atom.KILL);
            b = started("b");
        }
        exit(b, Atom.KILL);
        stopped("a");
        assertEquals(Atom.SHUTDOWN, awaitDown(ref).reason());
        assertEquals(Atom.SHUTDOWN, awaitExit(sup).reason(), "the linked starter sees :shutdown");
    }

    @Test
    void zeroMaxRestartsGivesUpAtTheFirstCrash() {
        Pid sup = supervise(List.of(worker("a")), Strategy.ONE_FOR_ONE, 0);
        exit(started("a"), Atom.KILL);
        assertEquals(Atom.SHUTDOWN, awaitExit(sup).reason());
    }

    @Test
    void transientChildrenRestartOnlyAfterAnAbnormalExitAndTemporaryNever() {
        Pid sup = supervise(List.of(worker("t").withRestart(Restart.TRANSIENT), worker("tmp").withRestart(Restart.TEMPORARY)),
                Strategy.ONE_FOR_ONE);
        Pid t = started("t");
        Pid tmp = started("tmp");
        assertThrows(ExitException.class, () -> GenServer.call(t, Atom.of("boom")));
        Pid t2 = started("t");
        assertThrows(ExitException.class, () -> GenServer.call(t2, Atom.NORMAL));
        assertThrows(ExitException.class, () -> GenServer.call(tmp, Atom.of("boom")));
        noneStarted();
        assertEquals(List.of(new Supervisor.Child("t", null, ChildSpec.Type.WORKER)), Supervisor.whichChildren(sup),
                "the transient spec stays, the temporary one is gone");
    }

    @Test
    void terminateRestartDeleteAndStartChildManageSpecs() {
        Pid sup = supervise(List.of(worker("a")), Strategy.ONE_FOR_ONE);
        started("a");
        Supervisor.terminateChild(sup, "a");
        stopped("a");
        assertEquals(new Supervisor.Counts(1, 0, 0, 1), Supervisor.countChildren(sup));
        Pid a = Supervisor.restartChild(sup, "a");
        assertEquals(a, started("a"));
        IllegalArgumentException running = assertThrows(IllegalArgumentException.class, () -> Supervisor.deleteChild(sup, "a"));
        assertTrue(running.getMessage().contains(":running"), running.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Supervisor.restartChild(sup, "a"));
        assertThrows(IllegalArgumentException.class, () -> Supervisor.terminateChild(sup, "nope"));
        Supervisor.terminateChild(sup, "a");
        Supervisor.deleteChild(sup, "a");
        assertEquals(List.of(), Supervisor.whichChildren(sup));
        Pid b = Supervisor.startChild(sup, worker("b"));
        assertEquals(b, started("b"));
        assertEquals(Tuple.of(Atom.of("already_started"), b), exitReason(() -> Supervisor.startChild(sup, worker("b"))));
    }

    @Test
    void aChildThatFailsToStartStopsTheOthersAndFailsTheStart() {
        Pid test = self();
        ChildSpec bad = ChildSpec.worker("bad", () -> GenServer.startLink(() -> new GenServer.Stop<>(Atom.of("no"))));
        Object reason = exitReason(() -> Supervisor.startLink(List.of(worker("a"), bad), Strategy.ONE_FOR_ONE));
        assertEquals(Tuple.of(Atom.SHUTDOWN, Tuple.of(Atom.of("failed_to_start_child"), "bad", Atom.of("no"))), reason);
        started("a");
        stopped("a");
        assertEquals(test, self());
    }

    @Test
    void duplicateIdsAreRejected() {
        Object reason = exitReason(() -> Supervisor.startLink(List.of(worker("a"), worker("a")), Strategy.ONE_FOR_ONE));
        assertEquals(Tuple.of(Atom.of("start_spec"), Tuple.of(Atom.of("duplicate_child_name"), "a")), reason);
    }

    @Test
    void aNestedSupervisorIsRestartedWithItsChildren() {
        Pid test = self();
        List<ChildSpec> innerChildren = List.of(worker("x"), worker("y"));
        ChildSpec inner = ChildSpec.supervisor("inner", () -> Supervisor.startLink(innerChildren, Strategy.ONE_FOR_ONE));
        Pid top = supervise(List.of(worker("a"), inner, worker("b")), Strategy.ONE_FOR_ONE);
        started("a");
        Pid x = started("x");
        started("y");
        started("b");
        Pid innerPid = pidOf(top, "inner");
        exit(x, Atom.KILL);
        assertNotEquals(x, started("x"), "the inner supervisor restarts its own child");
        exit(innerPid, Atom.KILL);          // its links end x and y with :killed, in no particular order
        Set<Object> ended = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            ended.add(receive(m -> m instanceof Tuple t && t.is(STOPPED, 3) && t.get(2).equals(Atom.KILLED) ? t.get(1) : NO_MATCH, WAIT, () -> null));
        }
        assertEquals(Set.of("x", "y"), ended);
        started("x");
        started("y");
        assertNotEquals(innerPid, pidOf(top, "inner"));
        assertEquals(new Supervisor.Counts(3, 3, 1, 2), Supervisor.countChildren(top));
        Supervisor.stop(top);
        stopped("b");
        stopped("y");
        stopped("x");
        stopped("a");
        assertEquals(test, self());
    }

    @Test
    void brutalKillDoesNotWaitAndAShutdownTimeoutEndsInAKill() {
        Pid test = self();
        Runnable stubborn = () -> {
            trapExit(true);
            send(test, Tuple.of(Atom.of("trapping"), self()));
            while (true) receive();                 // ignores the :shutdown exit signal
        };
        ChildSpec brutal = ChildSpec.worker("brutal", () -> spawnLink(stubborn)).withShutdown(ChildSpec.BRUTAL_KILL);
        ChildSpec slow = ChildSpec.worker("slow", () -> spawnLink(stubborn)).withShutdown(Duration.ofMillis(50));
        Pid sup = supervise(List.of(brutal, slow), Strategy.ONE_FOR_ONE);
        received(Tuple.of(Atom.of("trapping"), pidOf(sup, "brutal")));
        received(Tuple.of(Atom.of("trapping"), pidOf(sup, "slow")));
        Ref b = monitor(pidOf(sup, "brutal"));
        Ref s = monitor(pidOf(sup, "slow"));
        Supervisor.terminateChild(sup, "brutal");
        assertEquals(Atom.KILLED, awaitDown(b).reason());
        Supervisor.terminateChild(sup, "slow");
        assertEquals(Atom.KILLED, awaitDown(s).reason());
    }

    @Test
    void theSupervisorStopsWhenItsParentExits() {
        Pid test = self();
        Pid parent = spawn(() -> {
            send(test, Supervisor.startLink(List.of(ChildSpec.worker("a", () -> GenServer.startLink(new Worker("a", test)))), Strategy.ONE_FOR_ONE));
            receive();
        });
        Pid sup = receive(m -> m instanceof Pid p ? p : NO_MATCH, WAIT, () -> null);
        started("a");
        Ref ref = monitor(sup);
        exit(parent, Atom.of("bye"));
        stopped("a");
        assertEquals(Atom.of("bye"), awaitDown(ref).reason());
    }

    @Test
    void theJavadocExampleRuns() {
        Pid sup = Supervisor.startLink(List.of(
                Registry.childSpec(Registry.Keys.UNIQUE, Atom.of("names")),
                ChildSpec.worker("counter", () -> Agent.startLink(() -> 0, Atom.of("counter")))),
            Supervisor.Strategy.ONE_FOR_ONE);
        supervisors.add(sup);
        Pid counter = whereis(Atom.of("counter"));
        Agent.update(Atom.of("counter"), (Integer n) -> n + 1);
        dev.weft.process.Kernel.exit(dev.weft.process.Kernel.whereis(Atom.of("counter")), Atom.KILL);     // restarted, state 0 again
        org.awaitility.Awaitility.await().until(() -> whereis(Atom.of("counter")) != null && !whereis(Atom.of("counter")).equals(counter));
        assertEquals(0, (int) Agent.get(Atom.of("counter"), (Integer n) -> n));
        assertEquals(new Supervisor.Counts(2, 2, 1, 1), Supervisor.countChildren(sup));
    }
}
