package dev.weft.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.dist.Node;
import dev.weft.dist.Rpc;
import dev.weft.term.Atom;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Two nodes that connect to each other at the same moment end with one working connection. */
class SimultaneousConnectTest {
    @Test
    void twoNodesConnectingToEachOtherAtOnceEndWithOneConnection() {
        int px = NodeProcess.freePort();
        int py = NodeProcess.freePort();
        CompletableFuture<NodeProcess> x = CompletableFuture.supplyAsync(() -> NodeProcess.start("simx", px, "--connect", "simy@127.0.0.1:" + py));
        CompletableFuture<NodeProcess> y = CompletableFuture.supplyAsync(() -> NodeProcess.start("simy", py, "--connect", "simx@127.0.0.1:" + px));
        try (NodeProcess nx = x.join(); NodeProcess ny = y.join()) {
            Cluster.startLocal();
            assertTrue(Node.connect(nx.name, nx.port));
            assertTrue(Node.connect(ny.name, ny.port));
            Atom yName = ny.name;
            await().atMost(Duration.ofSeconds(20)).until(() -> Rpc.<List<Atom>>call(nx.name, () -> Node.list(), Duration.ofSeconds(5)).contains(yName));
            List<Atom> seenByX = Rpc.call(nx.name, () -> Node.list(), Duration.ofSeconds(5));
            assertEquals(1, Collections.frequency(seenByX, yName), seenByX.toString());
            Atom answer = Rpc.call(nx.name, () -> Rpc.<Atom>call(yName, () -> Node.self(), Duration.ofSeconds(5)), Duration.ofSeconds(10));
            assertEquals(yName, answer);
        }
    }
}
