package dev.weft.it;

import static dev.weft.process.Kernel.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.dist.Node;
import dev.weft.dist.Rpc;
import dev.weft.process.Down;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NodeApiTest {
    static NodeProcess b;

    @BeforeAll
    static void cluster() {
        b = Cluster.b();
    }

    @Test
    void spawnRequestAnswersWithASpawnReplyMessage() {
        Ref ok = Node.spawnRequest(b.name, "wait", List.of());
        Ref refused = Node.spawnRequest(b.name, "nothing_like_it", List.of());
        Tuple yes = receive(m -> m instanceof Tuple t && t.is(Atom.of("spawn_reply"), 4) && t.get(1).equals(ok) ? t : NO_MATCH,
                NodeProcess.timeout(), () -> null);
        assertEquals(Atom.OK, yes.get(2));
        assertEquals(b.name, ((Pid) yes.get(3)).node());
        Tuple no = receive(m -> m instanceof Tuple t && t.is(Atom.of("spawn_reply"), 4) && t.get(1).equals(refused) ? t : NO_MATCH,
                NodeProcess.timeout(), () -> null);
        assertEquals(Atom.ERROR, no.get(2));
        assertTrue(no.get(3).toString().contains("not exported"), no.toString());
        exit((Pid) yes.get(3), Atom.KILL);
    }

    @Test
    void pingAnswersPongForAReachableNodeAndPangForAnUnknownOne() {
        // Node.ping(:"b@127.0.0.1") #=> :pong; Node.ping(:"nobody@127.0.0.1") #=> :pang
        assertEquals(Atom.of("pong"), Node.ping(b.name));
        assertEquals(Atom.of("pang"), Node.ping(Atom.of("nobody@127.0.0.1")));
    }

    @Test
    void spawningOnANodeThatCannotBeReachedGivesAPidAndNoconnectionThroughTheLinkOrMonitor() {
        // spawn(N, fun) -> a useless pid, of a local process that logs why and exits :noconnection (node(pid) == node());
        // spawn_link -> {'EXIT', Pid, noconnection} when trapping; spawn_monitor -> {'DOWN', Ref, process, Pid, noconnection}
        // (checked on OTP 25)
        Atom nobody = Atom.of("nobody@127.0.0.1");
        assertEquals(Node.self(), Node.spawn(nobody, "echo", List.of(self())).node());
        trapExit(true);
        try {
            Pid linked = Node.spawnLink(nobody, "echo", List.of(self()));
            assertEquals(new dev.weft.process.Exit(linked, Atom.NOCONNECTION), receive(m -> m, NodeProcess.timeout(), () -> null));
        } finally {
            trapExit(false);
        }
        var s = Node.spawnMonitor(nobody, "echo", List.of(self()));
        assertEquals(new Down(s.ref(), s.pid(), Atom.NOCONNECTION), receive(m -> m, NodeProcess.timeout(), () -> null));
        assertTrue(Rpc.cast(nobody, "echo", List.of(self())));
    }

    @Test
    void multicallGivesEachNodesResultInOrder() {
        // :erpc.multicall([node(), b, nobody], ...) #=> [{:ok, 3}, {:ok, 3}, {:error, {:erpc, :noconnection}}] on OTP 25
        Atom nobody = Atom.of("nobody@127.0.0.1");
        assertEquals(List.of(Tuple.of(Atom.OK, 3), Tuple.of(Atom.OK, 3), Tuple.of(Atom.ERROR, Tuple.of(Atom.of("erpc"), Atom.NOCONNECTION))),
                Rpc.multicall(List.of(Node.self(), b.name, nobody), "add", List.of(1, 2), NodeProcess.timeout()));
        assertEquals(List.of(Tuple.of(Atom.OK, b.name), Tuple.of(Atom.OK, Node.self())),
                Rpc.multicall(List.of(b.name, Node.self()), () -> Node.self(), NodeProcess.timeout()));
    }

    @Test
    void rpcCastRunsTheFunctionWithoutWaiting() {
        assertTrue(Rpc.cast(b.name, "register", List.of(Atom.of("cast_target"), self())));
        Pid p = receive(m -> m instanceof Tuple t && t.is(Atom.of("registered"), 2) ? t.get(1) : NO_MATCH, NodeProcess.timeout(), () -> null);
        assertTrue(Node.sendNoSuspend(p, "no waiting"));
        NodeProcess.expect("no waiting");
        send(p, Atom.of("stop"));
    }

    @Test
    void disconnectingFiresNoconnectionAndNodeMonitorsSeeTheNodeGoAndComeBack() {
        Pid watched = Node.spawn(b.name, "wait", List.of());
        Ref ref = monitor(watched);
        Node.monitorNodes(true);
        try {
            assertTrue(Node.disconnect(b.name));
            NodeProcess.expect(new Down(ref, watched, Atom.NOCONNECTION));
            NodeProcess.expect(Tuple.of(Atom.of("nodedown"), b.name));
            assertFalse(Node.list().contains(b.name));
            assertTrue(Node.connect(b.name));
            NodeProcess.expect(Tuple.of(Atom.of("nodeup"), b.name));
            assertTrue(Node.list().contains(b.name));
            List<Atom> both = Node.list(Atom.of("this"), Atom.of("connected"));   // Node.list([:this, :connected])
            assertEquals(Node.self(), both.getFirst());
            assertTrue(both.contains(b.name));
        } finally {
            Node.monitorNodes(false);
        }
    }
}
