package dev.weft.it;

import static dev.weft.process.Kernel.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.dist.Node;
import dev.weft.dist.Rpc;
import dev.weft.process.Down;
import dev.weft.process.Exit;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NodeFailureTest {
    @BeforeAll
    static void local() {
        Cluster.startLocal();
    }

    @Test
    void killingANodeFiresNoconnectionOnLinksAndMonitorsAndNodedown() {
        NodeProcess k = Cluster.started("k");
        trapExit(true);
        try {
            Pid linked = Node.spawnLink(k.name, "wait", List.of());
            Pid watched = Node.spawn(k.name, "wait", List.of());
            Ref ref = monitor(watched);
            Node.monitor(k.name, true);
            k.kill9();
            NodeProcess.expect(new Exit(linked, Atom.NOCONNECTION));
            NodeProcess.expect(new Down(ref, watched, Atom.NOCONNECTION));
            NodeProcess.expect(Tuple.of(Atom.of("nodedown"), k.name));
            assertFalse(Node.list().contains(k.name));
        } finally {
            trapExit(false);
        }
    }

    @Test
    void aFrozenNodeIsDeclaredDownWhenItsTicksStop() throws Exception {
        NodeProcess f = Cluster.started("f");
        try {
            Pid watched = Node.spawn(f.name, "wait", List.of());
            Ref ref = monitor(watched);
            Node.monitor(f.name, true);
            new ProcessBuilder("kill", "-STOP", String.valueOf(f.pid())).inheritIO().start().waitFor();
            NodeProcess.expect(Tuple.of(Atom.of("nodedown"), f.name));
            NodeProcess.expect(new Down(ref, watched, Atom.NOCONNECTION));
        } finally {
            f.kill9();
        }
    }

    @Test
    void aNodeRestartedWithTheSameNameHasNewPidsAndItsOldOnesAreDead() {
        NodeProcess first = Cluster.started("r");
        Pid old = Node.spawn(first.name, "wait", List.of());
        Node.monitor(first.name, true);
        first.kill9();
        NodeProcess.expect(Tuple.of(Atom.of("nodedown"), first.name));

        NodeProcess second = NodeProcess.start("r", first.port);
        try {
            assertTrue(Node.connect(second.name, second.port));
            Ref ref = monitor(old);
            assertEquals(Atom.NOPROC, receive(ref, m -> m instanceof Down d && d.ref().equals(ref) ? d.reason() : NO_MATCH, NodeProcess.timeout(), () -> null));
            // dist_SUITE's link_to_dead_new_node: trapping, link(Pid) gives {'EXIT', Pid, noproc} and no link is made
            trapExit(true);
            try {
                link(old);
                NodeProcess.expect(new Exit(old, Atom.NOPROC));
                assertFalse(info(self()).links().contains(old));
            } finally {
                trapExit(false);
            }
            Pid fresh = Node.spawn(second.name, "echo", List.of(self()));
            assertNotEquals(old.creation(), fresh.creation());
            send(old, "to the old incarnation");
            send(fresh, "to the new one");
            assertEquals("to the new one", receive(m -> m, NodeProcess.timeout(), () -> null));
            assertEquals(7, (Integer) Rpc.call(second.name, "add", List.of(3, 4)));
        } finally {
            second.kill9();
        }
    }
}
