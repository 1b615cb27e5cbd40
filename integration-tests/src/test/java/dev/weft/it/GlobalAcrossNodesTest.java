package dev.weft.it;

import static dev.weft.process.Kernel.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.dist.Global;
import dev.weft.dist.Node;
import dev.weft.otp.GenServer;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code :global} names across real nodes: this JVM and node b (and a node c that is killed). */
class GlobalAcrossNodesTest {
    static NodeProcess b;

    @BeforeAll
    static void cluster() {
        b = Cluster.b();
    }

    private static Object seenOn(Atom node, Atom name) {
        Node.spawn(node, Fns.whereisGlobal(name, self()));
        Tuple seen = receive(m -> m instanceof Tuple t && t.is(Atom.of("seen"), 2) ? t : NO_MATCH, NodeProcess.timeout(), () -> fail("no answer from " + node));
        return seen.get(1);
    }

    private static Pid globalServerOn(Atom node, Atom name) {
        Node.spawn(node, Fns.startGlobalServer(name, self()));
        return receive(m -> m instanceof Tuple t && t.is(Atom.of("server"), 2) ? (Pid) t.get(1) : NO_MATCH, NodeProcess.timeout(),
                () -> fail("no server started on " + node));
    }

    @Test
    void aNameRegisteredHereIsSeenOnTheOtherNodeAndGoesFromItWhenUnregistered() {
        Atom name = Atom.of("here_" + System.nanoTime());
        Pid p = spawn(() -> receive());
        assertEquals(Atom.of("yes"), Global.registerName(name, p));
        assertEquals(p, seenOn(b.name, name));   // :global.register_name returns once every node has it
        Global.unregisterName(name);
        assertNull(seenOn(b.name, name));
        exit(p, Atom.KILL);
    }

    @Test
    void theNamesOfADisconnectedNodeGoAndComeBackWhenItReconnects() {
        // OTP 25, p on b registered as :gn: after Node.disconnect(b), :global.whereis_name(:gn) #=> :undefined;
        // after Node.connect(b), p again
        Atom name = Atom.of("split_" + System.nanoTime());
        Pid there = Node.spawn(b.name, "wait", List.of());
        assertEquals(Atom.of("yes"), Global.registerName(name, there));
        try {
            assertTrue(Node.disconnect(b.name));
            await().until(() -> Global.whereisName(name) == null);
        } finally {
            Node.connect(b.name);
        }
        await().until(() -> there.equals(Global.whereisName(name)));
        exit(there, Atom.KILL);
    }

    @Test
    void aServerNamedGloballyOnAnotherNodeIsCalledByThatNameAndHoldsItAlone() {
        Atom name = Atom.of("there_" + System.nanoTime());
        Pid server = globalServerOn(b.name, name);
        assertEquals(b.name, server.node());
        assertEquals(server, Global.whereisName(name));
        assertEquals(Tuple.of(Atom.of("pong"), "hi"), GenServer.call(Global.name(name), "hi"));
        assertEquals(Atom.of("no"), Global.registerName(name, self()));
        // GenServer.start(M, [], name: {:global, name}) here #=> {:error, {:already_started, server}}
        var e = assertThrows(dev.weft.process.ExitException.class, () -> GenServer.start(new Fns.Pong(self()), Global.name(name)));
        assertEquals(Tuple.of(Atom.of("already_started"), server), e.reason());
        GenServer.stop(Global.name(name));
        await().until(() -> Global.whereisName(name) == null);
    }

    @Test
    void theNamesOfANodeThatDiesGoEverywhere() {
        NodeProcess c = Cluster.started("c" + System.nanoTime() % 100_000);
        Atom name = Atom.of("on_c_" + System.nanoTime());
        Pid server = globalServerOn(c.name, name);
        assertEquals(server, Global.whereisName(name));
        await().until(() -> server.equals(seenOn(b.name, name)));   // b met c through this node, and c told it
        c.kill9();
        await().until(() -> Global.whereisName(name) == null);
        await().until(() -> seenOn(b.name, name) == null);
    }
}
