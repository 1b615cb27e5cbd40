package dev.weft.dist;

import static dev.weft.process.Kernel.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.term.Atom;
import dev.weft.term.Pid;
import java.util.List;
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
}
