package dev.weft.it;

import static dev.weft.process.Kernel.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.dist.Node;
import dev.weft.dist.Pg;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code :pg} groups across real nodes: this JVM and node b (and a node c that is killed). */
class PgAcrossNodesTest {
    static NodeProcess b;

    @BeforeAll
    static void cluster() {
        b = Cluster.b();
    }

    /** A process on {@code node} that joins {@code group} and waits; its pid. */
    private static Pid memberOn(Atom node, Atom group) {
        Node.spawn(node, Fns.joinAndWait(group, self()));
        return receive(m -> m instanceof Tuple t && t.is(Atom.of("joined"), 2) ? (Pid) t.get(1) : NO_MATCH, NodeProcess.timeout(),
                () -> fail("no member joined on " + node));
    }

    @Test
    void membersOfBothNodesAreSeenHereAndGoWhenTheyLeaveOrEnd() {
        Atom g = Atom.of("g_" + System.nanoTime());
        Pid here = spawn(() -> receive());
        Pg.join(g, here);
        Pid there = memberOn(b.name, g);
        await().until(() -> Pg.getMembers(g).containsAll(List.of(here, there)));
        assertEquals(List.of(here), Pg.getLocalMembers(g));
        send(there, Atom.of("leave"));   // it leaves, then waits
        await().until(() -> !Pg.getMembers(g).contains(there));
        exit(here, Atom.KILL);
        await().until(() -> Pg.getMembers(g).isEmpty());
        exit(there, Atom.KILL);
    }

    @Test
    void theMembersOfADisconnectedNodeGoAndComeBackWhenItReconnects() {
        // OTP 25, p on b joined :g: after Node.disconnect(b), :pg.get_members(:g) #=> []; after Node.connect(b), [p] again
        Atom g = Atom.of("split_" + System.nanoTime());
        Pid there = memberOn(b.name, g);
        await().until(() -> Pg.getMembers(g).contains(there));
        try {
            assertTrue(Node.disconnect(b.name));
            await().until(() -> Pg.getMembers(g).isEmpty());
        } finally {
            Node.connect(b.name);
        }
        await().until(() -> Pg.getMembers(g).equals(List.of(there)));
        exit(there, Atom.KILL);
    }

    @Test
    void aNodeThatJoinsTheClusterLearnsTheMembersAndItsOwnGoWhenItDies() {
        Atom g = Atom.of("late_" + System.nanoTime());
        Pid here = spawn(() -> receive());
        Pg.join(g, here);
        Pid onB = memberOn(b.name, g);
        await().until(() -> Pg.getMembers(g).contains(onB));
        NodeProcess c = Cluster.started("pg" + System.nanoTime() % 100_000);
        Node.spawn(c.name, Fns.membersOnceThere(g, 2, self()));   // what c learnt from us and from b when they met
        List<?> seen = receive(m -> m instanceof Tuple t && t.is(Atom.of("members"), 2) ? (List<?>) t.get(1) : NO_MATCH,
                NodeProcess.timeout(), () -> fail("c did not learn the members"));
        assertTrue(seen.containsAll(List.of(here, onB)), "c sees " + seen);
        Pid onC = memberOn(c.name, g);
        await().until(() -> Pg.getMembers(g).contains(onC));
        c.kill9();
        await().until(() -> !Pg.getMembers(g).contains(onC));
        exit(here, Atom.KILL);
        exit(onB, Atom.KILL);
    }

    @Test
    void aScopeStartedLaterOnAnotherNodeMeetsThisOneAndAMonitorHereSeesItsMembersComeAndGo() {
        Atom scope = Atom.of("scope_" + System.nanoTime()), g = Atom.of("g");
        Pid server = Pg.start(scope);
        Pg.join(scope, g, self());
        Pg.ScopeMonitor m = Pg.monitorScope(scope);
        Node.spawn(b.name, Fns.startScopeAndJoin(scope, g, 2, self()));
        Tuple scoped = receive(x -> x instanceof Tuple t && t.is(Atom.of("scoped"), 4) ? t : NO_MATCH, NodeProcess.timeout(),
                () -> fail("b's scope did not start"));
        Pid there = (Pid) scoped.get(1), serverThere = (Pid) scoped.get(2);
        assertEquals(java.util.Set.of(self(), there), java.util.Set.copyOf((List<?>) scoped.get(3)), "b learnt this node's member");
        assertEquals(Tuple.of(m.ref(), Atom.of("join"), g, List.of(there)), nextChange(m));
        assertEquals(List.of(self()), Pg.getLocalMembers(scope, g));
        assertEquals(List.of(), Pg.getMembers(g), "the default scope has none of them");
        exit(serverThere, Atom.KILL);   // b's scope goes: so do b's members, here
        assertEquals(Tuple.of(m.ref(), Atom.of("leave"), g, List.of(there)), nextChange(m));
        assertEquals(List.of(self()), Pg.getMembers(scope, g));
        exit(there, Atom.KILL);
        exit(server, Atom.KILL);
    }

    private static Tuple nextChange(Pg.ScopeMonitor m) {
        return receive(x -> x instanceof Tuple t && t.size() == 4 && m.ref().equals(t.get(0)) ? t : NO_MATCH, NodeProcess.timeout(),
                () -> fail("no change reported"));
    }
}
