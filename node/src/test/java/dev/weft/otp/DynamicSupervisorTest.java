package dev.weft.otp;

import static dev.weft.otp.OtpTesting.*;
import static dev.weft.process.Kernel.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.process.Exit;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DynamicSupervisorTest {
    static ChildSpec agent(Object initial) {
        return ChildSpec.worker("agent", () -> Agent.startLink(() -> initial));
    }

    @Test
    void startChildRunsItUnderTheSupervisor() {
        Pid sup = DynamicSupervisor.startLink();
        Pid a = DynamicSupervisor.startChild(sup, agent(1));
        Pid b = DynamicSupervisor.startChild(sup, agent(2));
        assertEquals(2, (int) Agent.get(b, (Integer n) -> n));
        assertEquals(List.of(new Supervisor.Child(Atom.UNDEFINED, a, ChildSpec.Type.WORKER), new Supervisor.Child(Atom.UNDEFINED, b, ChildSpec.Type.WORKER)),
                DynamicSupervisor.whichChildren(sup));
        assertEquals(new Supervisor.Counts(2, 2, 0, 2), DynamicSupervisor.countChildren(sup));
        DynamicSupervisor.stop(sup);
        assertFalse(alive(a) || alive(b));
    }

    @Test
    void aKilledPermanentChildIsRestartedAndATemporaryOneIsForgotten() {
        Pid sup = DynamicSupervisor.startLink();
        Pid permanent = DynamicSupervisor.startChild(sup, agent("p"));
        Pid temporary = DynamicSupervisor.startChild(sup, agent("t").withRestart(ChildSpec.Restart.TEMPORARY));
        exit(permanent, Atom.KILL);
        exit(temporary, Atom.KILL);
        await().until(() -> DynamicSupervisor.countChildren(sup).active() == 1
                && !DynamicSupervisor.whichChildren(sup).getFirst().pid().equals(permanent));
        Pid restarted = DynamicSupervisor.whichChildren(sup).getFirst().pid();
        assertEquals("p", Agent.get(restarted, (String s) -> s));
        DynamicSupervisor.stop(sup);
    }

    @Test
    void terminateChildStopsItForGood() {
        Pid sup = DynamicSupervisor.startLink();
        Pid a = DynamicSupervisor.startChild(sup, agent(1));
        Ref ref = monitor(a);
        DynamicSupervisor.terminateChild(sup, a);
        assertEquals(Atom.SHUTDOWN, awaitDown(ref).reason());
        assertEquals(List.of(), DynamicSupervisor.whichChildren(sup));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DynamicSupervisor.terminateChild(sup, a));
        assertTrue(e.getMessage().contains(a.toString()), e.getMessage());
        DynamicSupervisor.stop(sup);
    }

    @Test
    void maxChildrenCapsTheChildren() {
        Pid sup = DynamicSupervisor.startLink(Atom.of("dyn_sup_capped"), 1, 3, Duration.ofSeconds(5));
        DynamicSupervisor.startChild(Atom.of("dyn_sup_capped"), agent(1));
        assertEquals(Atom.of("max_children"), exitReason(() -> DynamicSupervisor.startChild(sup, agent(2))));
        DynamicSupervisor.stop(sup);
    }

    @Test
    void ignoreAndFailedStartsAreReported() {
        Pid sup = DynamicSupervisor.startLink();
        assertNull(DynamicSupervisor.startChild(sup, ChildSpec.worker("i", () -> GenServer.startLink(() -> new GenServer.Ignore<>()))));
        trapExit(true);
        try {
            Object reason = exitReason(() -> DynamicSupervisor.startChild(sup, ChildSpec.worker("f", () -> {
                throw new IllegalStateException("cannot start");
            })));
            assertInstanceOf(IllegalStateException.class, ((dev.weft.term.Tuple) reason).get(0));
            assertEquals(0, DynamicSupervisor.countChildren(sup).specs());
        } finally {
            trapExit(false);
        }
        DynamicSupervisor.stop(sup);
    }

    @Test
    void tooManyRestartsShutTheSupervisorDown() {
        trapExit(true);
        try {
            Pid sup = DynamicSupervisor.startLink(null, 10, 1, Duration.ofSeconds(30));
            Pid a = DynamicSupervisor.startChild(sup, agent(1));
            exit(a, Atom.KILL);
            await().until(() -> DynamicSupervisor.whichChildren(sup).stream().anyMatch(c -> !c.pid().equals(a)));
            exit(DynamicSupervisor.whichChildren(sup).getFirst().pid(), Atom.KILL);
            assertEquals(Atom.SHUTDOWN, awaitExit(sup).reason());
        } finally {
            trapExit(false);
        }
    }

    @Test
    void theJavadocExampleRuns() {
        Pid sup = DynamicSupervisor.startLink();
        Pid agent = DynamicSupervisor.startChild(sup, ChildSpec.worker("ignored", () -> Agent.startLink(() -> 0)));
        assertEquals(1, DynamicSupervisor.countChildren(sup).active());
        DynamicSupervisor.terminateChild(sup, agent);
        assertEquals(0, DynamicSupervisor.countChildren(sup).active());
        DynamicSupervisor.stop(sup);
    }

    @Test
    void stoppingTheSupervisorStopsAllChildrenAtOnce() {
        Pid test = self();
        ChildSpec slowToStop = ChildSpec.worker("slow", () -> spawnLink(() -> {
            trapExit(true);
            send(test, Tuple.of(Atom.of("ready"), self()));
            receive(m -> m instanceof Exit e && e.reason().equals(Atom.SHUTDOWN) ? e : NO_MATCH);
            send(test, Tuple.of(Atom.of("stopping"), self()));
            receive(m -> m.equals("go") ? m : NO_MATCH);
        }));
        Pid sup = DynamicSupervisor.startLink();
        Pid a = DynamicSupervisor.startChild(sup, slowToStop);
        Pid b = DynamicSupervisor.startChild(sup, slowToStop);
        received(Tuple.of(Atom.of("ready"), a));
        received(Tuple.of(Atom.of("ready"), b));
        Ref ref = monitor(sup);
        spawn(() -> DynamicSupervisor.stop(sup));
        received(Tuple.of(Atom.of("stopping"), a));
        received(Tuple.of(Atom.of("stopping"), b));      // b was told before a had exited
        send(a, "go");
        send(b, "go");
        assertEquals(Atom.NORMAL, awaitDown(ref).reason());
    }
}
