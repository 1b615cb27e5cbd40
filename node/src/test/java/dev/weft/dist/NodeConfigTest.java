package dev.weft.dist;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeConfigTest {
    private static final String COOKIE = "0123456789abcdef0123";

    @Test
    void aNodeNameMustBeNameAtHost() {
        var e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.of("nohost", 4370, COOKIE));
        assertTrue(e.getMessage().contains("name@host"));
        assertEquals("127.0.0.1", NodeConfig.of("a@127.0.0.1", 4370, COOKIE).host());
    }

    @Test
    void aWeakCookieIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.of("a@127.0.0.1", 4370, "secret"));
        assertTrue(e.getMessage().contains("too weak"));
    }

    @Test
    void withersAddWithoutLosingTheRest() {
        NodeConfig c = NodeConfig.of("a@127.0.0.1", 1, COOKIE).withTick(Duration.ofSeconds(2))
                .withExport("echo", "x.Y::z").withLambdasFrom("x.").withRecordsFrom("y.");
        assertEquals(Duration.ofSeconds(2), c.tick());
        assertEquals("x.Y::z", c.exports().get("echo"));
        assertEquals(java.util.List.of("x."), c.lambdaPrefixes());
        assertEquals(java.util.List.of("y."), c.recordPrefixes());
        assertEquals(NodeConfig.DEFAULT_TICK, NodeConfig.of("a@h", 1, COOKIE).tick());
    }
}
