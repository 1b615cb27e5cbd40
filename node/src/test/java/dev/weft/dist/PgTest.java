package dev.weft.dist;

import static dev.weft.process.Kernel.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.process.ExitException;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code :pg} on one node, as checked on OTP 25; across nodes: PgAcrossNodesTest. */
class PgTest {
    private static Atom fresh() {
        return Atom.of("group_" + System.nanoTime());
    }

    @Test
    void membersAreListedNewestFirstAndLeaveOnceForEachJoin() {
        Atom g = fresh();
        Pid a = spawn(() -> receive()), b = spawn(() -> receive());
        // :pg.join(:g, a); :pg.join(:g, [b, a]); :pg.get_members(:g) #=> [b, a, a]
        assertEquals(Atom.OK, Pg.join(g, a));
        assertEquals(Atom.OK, Pg.join(g, List.of(b, a)));
        assertEquals(List.of(b, a, a), Pg.getMembers(g));
        assertEquals(List.of(b, a, a), Pg.getLocalMembers(g));
        assertTrue(Pg.whichGroups().contains(g));
        // :pg.leave(:g, a) #=> :ok, leaving [b, a]; :pg.leave(:g, self()) #=> :not_joined
        assertEquals(Atom.OK, Pg.leave(g, a));
        assertEquals(List.of(b, a), Pg.getMembers(g));
        assertEquals(Atom.of("not_joined"), Pg.leave(g, self()));
        assertEquals(List.of(), Pg.getMembers(fresh()));
        exit(a, Atom.KILL);
        exit(b, Atom.KILL);
    }

    @Test
    void aMemberThatEndsLeavesEveryGroupAndAnEmptyGroupGoes() {
        Atom g = fresh(), h = fresh();
        Pid a = spawn(() -> receive());
        Pg.join(g, a);
        Pg.join(h, List.of(a, a));
        exit(a, Atom.KILL);
        await().until(() -> Pg.getMembers(g).isEmpty() && Pg.getMembers(h).isEmpty());
        assertFalse(Pg.whichGroups().contains(g));
        assertFalse(Pg.whichGroups().contains(h));
    }

    @Test
    void onlyProcessesOfThisNodeJoinHere() {
        // :pg.join(:g, remote_pid) fails ({:nolocal, pid} on the BEAM)
        Pid elsewhere = new Pid(Atom.of("other@nowhere"), 1, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> Pg.join(fresh(), elsewhere));
        assertTrue(e.getMessage().contains("only a process of this node"), e.getMessage());
    }

    /** The next {@code {ref, kind, group, pids}} of monitor {@code ref}, within a second. */
    private static Tuple change(Ref ref) {
        return receive(m -> m instanceof Tuple t && t.size() == 4 && ref.equals(t.get(0)) ? t : NO_MATCH,
                Duration.ofSeconds(1), () -> fail("no change reported to " + ref));
    }

    private static void noChange(Ref ref) {
        assertNull(receive(m -> m instanceof Tuple t && t.size() == 4 && ref.equals(t.get(0)) ? t : NO_MATCH, Duration.ofMillis(50), () -> null));
    }

    @Test
    void aScopeOfItsOwnKeepsItsGroupsApart() {
        Atom scope = fresh(), g = fresh();
        Pid server = Pg.startLink(scope);
        assertEquals(server, whereis(scope));
        // :pg.start_link(scope) again #=> {:error, {:already_started, pid}}
        var again = assertThrows(ExitException.class, () -> Pg.startLink(scope));
        assertEquals(Tuple.of(Atom.of("already_started"), server), again.reason());
        assertEquals(Atom.OK, Pg.join(scope, g, self()));
        assertEquals(List.of(self()), Pg.getMembers(scope, g));
        assertEquals(List.of(self()), Pg.getLocalMembers(scope, g));
        assertEquals(List.of(g), Pg.whichGroups(scope));
        assertEquals(List.of(g), Pg.whichLocalGroups(scope));
        assertEquals(List.of(), Pg.getMembers(g), "not in the default scope");
        assertEquals(Atom.OK, Pg.leave(scope, g, self()));
        assertEquals(Atom.of("not_joined"), Pg.leave(scope, g, self()));
        assertEquals(List.of(), Pg.whichGroups(scope));
        unlink(server);   // this test's process stays
        exit(server, Atom.KILL);
    }

    @Test
    void aScopeThatDoesNotRunHasNoMembersAndRefusesTheRest() {
        Atom scope = fresh();
        // :pg.get_members(:nosuch, :g) #=> []; which_groups raises badarg; join exits noproc
        assertEquals(List.of(), Pg.getMembers(scope, "g"));
        assertThrows(IllegalArgumentException.class, () -> Pg.whichGroups(scope));
        var e = assertThrows(ExitException.class, () -> Pg.join(scope, "g", self()));
        assertTrue(e.reason() instanceof Tuple t && t.get(0).equals(Atom.of("noproc")), e.reason().toString());
    }

    @Test
    void aScopeMonitorSeesEveryJoinAndLeaveAndOneLeavePerJoinWhenAMemberEnds() {
        Atom scope = fresh();
        Pid server = Pg.start(scope);
        Pid p = spawn(() -> receive()), q = spawn(() -> receive());
        Pg.join(scope, "g1", List.of(p, p));
        Pg.join(scope, "g2", List.of(p, q));
        // {ref, %{g1: [p, p], g2: [p, q]}} = :pg.monitor_scope(scope)
        Pg.ScopeMonitor sm = Pg.monitorScope(scope);
        assertEquals(Map.of("g1", List.of(p, p), "g2", List.of(p, q)), sm.groups());
        Pg.GroupMonitor gm = Pg.monitor(scope, "g1");
        assertEquals(List.of(p, p), gm.members());
        Pg.join(scope, "g1", q);
        assertEquals(Tuple.of(sm.ref(), Atom.of("join"), "g1", List.of(q)), change(sm.ref()));
        assertEquals(Tuple.of(gm.ref(), Atom.of("join"), "g1", List.of(q)), change(gm.ref()));
        // p ends: a leave for each of its joins, the latest first (g2, then g1 twice)
        exit(p, Atom.KILL);
        assertEquals(Tuple.of(sm.ref(), Atom.of("leave"), "g2", List.of(p)), change(sm.ref()));
        assertEquals(Tuple.of(sm.ref(), Atom.of("leave"), "g1", List.of(p)), change(sm.ref()));
        assertEquals(Tuple.of(sm.ref(), Atom.of("leave"), "g1", List.of(p)), change(sm.ref()));
        assertEquals(Tuple.of(gm.ref(), Atom.of("leave"), "g1", List.of(p)), change(gm.ref()));
        assertEquals(Tuple.of(gm.ref(), Atom.of("leave"), "g1", List.of(p)), change(gm.ref()));
        assertEquals(List.of(q), Pg.getMembers(scope, "g1"));
        // :pg.demonitor(scope, ref) #=> :ok, then false; no more changes reach it
        assertTrue(Pg.demonitor(scope, gm.ref()));
        assertFalse(Pg.demonitor(scope, gm.ref()));
        Pg.leave(scope, "g1", q);
        assertEquals(Tuple.of(sm.ref(), Atom.of("leave"), "g1", List.of(q)), change(sm.ref()));
        noChange(gm.ref());
        // a monitor of a group nobody is in: {ref, []}
        assertEquals(List.of(), Pg.monitor(scope, "nobody").members());
        exit(q, Atom.KILL);
        exit(server, Atom.KILL);
    }

    @Test
    void theDefaultScopeHasMonitorsToo() {
        Atom g = fresh();
        Pg.GroupMonitor m = Pg.monitor(g);
        Pg.join(g, self());
        assertEquals(Tuple.of(m.ref(), Atom.of("join"), g, List.of(self())), change(m.ref()));
        assertTrue(Pg.whichLocalGroups().contains(g));
        Pg.leave(g, self());
        assertEquals(Tuple.of(m.ref(), Atom.of("leave"), g, List.of(self())), change(m.ref()));
        assertTrue(Pg.demonitor(m.ref()));
    }
}
