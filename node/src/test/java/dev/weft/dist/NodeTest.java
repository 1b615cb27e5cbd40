package dev.weft.dist;

import static org.junit.jupiter.api.Assertions.*;

import dev.weft.term.Atom;
import org.junit.jupiter.api.Test;

/** {@link Node} on a node that is not distributed (the unit tests' JVM); the distributed side is in integration-tests. */
class NodeTest {
    @Test
    void aNodeThatIsNotDistributedPingsPang() {
        // on a node started without --name: Node.ping(:"b@127.0.0.1") #=> :pang
        assertFalse(Node.alive());
        assertEquals(Atom.of("pang"), Node.ping(Atom.of("b@127.0.0.1")));
    }
}
