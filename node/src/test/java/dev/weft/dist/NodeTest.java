package dev.weft.dist;

import static org.junit.jupiter.api.Assertions.*;

import dev.weft.term.Atom;
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
