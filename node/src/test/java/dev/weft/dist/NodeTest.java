package dev.weft.dist;

import static org.junit.jupiter.api.Assertions.*;

import dev.weft.otp.GenServer;
import dev.weft.process.Down;
import dev.weft.process.ExitException;
import dev.weft.process.Kernel;
import dev.weft.process.Spawned;
import dev.weft.term.Atom;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Node} on a node that is not distributed (the unit tests' JVM); the distributed side is in integration-tests. */
class NodeTest {
    @Test
    void aNodeThatIsNotDistributedPingsPang() {
        // on a node started without --name: Node.ping(:"b@127.0.0.1") #=> :pang
        assertFalse(Node.alive());
        assertEquals(Atom.of("pang"), Node.ping(Atom.of("b@127.0.0.1")));
    }

    @Test
    void spawnAndRpcOnANodeThatIsNotDistributedFailAsForAnUnreachableNode() {
        // on a node started without --name (Elixir 1.14, OTP 25), for b = :"b@127.0.0.1":
        // Node.spawn(b, fun) #=> a pid of this node; Node.spawn_monitor(b, fun) #=> {pid, ref}, then {:DOWN, ref, :process, pid, :noconnection};
        // :erpc.call(b, :erlang, :node, []) raises {:erpc, :noconnection};
        // GenServer.call({:x, b}, :hi) exits {{:nodedown, b}, {GenServer, :call, [{:x, b}, :hi, 5000]}}
        Atom b = Atom.of("b@127.0.0.1");
        assertFalse(Node.alive());
        assertEquals(Node.self(), Node.spawn(b, "echo", List.of()).node());
        Spawned s = Node.spawnMonitor(b, "echo", List.of());
        assertEquals(new Down(s.ref(), s.pid(), Atom.NOCONNECTION),
                Kernel.receive(m -> m instanceof Down d && d.ref().equals(s.ref()) ? d : Kernel.NO_MATCH, Duration.ofSeconds(5), () -> null));
        assertEquals(Tuple.of(Atom.of("erpc"), Atom.NOCONNECTION), assertThrows(ExitException.class, () -> Rpc.call(b, "echo", List.of())).reason());
        // :erlang.spawn_request(b, :erlang, :node, [], []) #=> ref, then {:spawn_reply, ref, :error, :noconnection}
        Ref request = Node.spawnRequest(b, "echo", List.of());
        assertEquals(Tuple.of(Atom.of("spawn_reply"), request, Atom.ERROR, Atom.NOCONNECTION),
                Kernel.receive(m -> m instanceof Tuple t && t.is(Atom.of("spawn_reply"), 4) ? t : Kernel.NO_MATCH, Duration.ofSeconds(5), () -> null));
        Tuple server = Tuple.of(Atom.of("x"), b);
        assertEquals(Tuple.of(Tuple.of(Atom.of("nodedown"), b), Tuple.of(Atom.of("Elixir.GenServer"), Atom.of("call"), List.of(server, "hi", 5000L))),
                assertThrows(ExitException.class, () -> GenServer.call(server, "hi")).reason());
    }

    @Test
    void listByStateOnANodeThatIsNotDistributed() {
        // :erlang.nodes(:this) #=> [:nonode@nohost]; nodes(:known) too; nodes(:visible) #=> []; nodes(:bogus) raises badarg
        Atom nonode = Atom.of("nonode@nohost");
        assertEquals(List.of(nonode), Node.list(Atom.of("this")));
        assertEquals(List.of(nonode), Node.list(Atom.of("known")));
        assertEquals(List.of(nonode), Node.list(Atom.of("visible"), Atom.of("this")));
        assertEquals(List.of(), Node.list(Atom.of("visible"), Atom.of("hidden")));
        assertThrows(IllegalArgumentException.class, () -> Node.list(Atom.of("bogus")));
    }
}
