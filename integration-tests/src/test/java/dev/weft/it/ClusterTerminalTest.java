package dev.weft.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code weft cluster} in a real terminal: its nodes come up, meshed, and Ctrl-C stops them all. */
class ClusterTerminalTest {
    /** How many node JVMs of this test's cluster are running. */
    private static long nodesRunning() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("--name ctt") && c.contains(" node ")).orElse(false))
                .count();
    }

    @Test
    void ctrlCStopsEveryNodeOfTheCluster() {
        int base = NodeProcess.freePort();
        try (Terminal terminal = new Terminal("weft-cluster", "scripts/weft cluster --nodes 2 --prefix ctt --base-port " + base)) {
            terminal.awaitScreen("cluster up: ctt1@127.0.0.1 ctt2@127.0.0.1");
            terminal.awaitScreen("[ctt2@127.0.0.1] INFO dev.weft.dist: connected to ctt1@127.0.0.1");
            assertEquals(2, nodesRunning());
            terminal.keys("C-c");
            await().atMost(Duration.ofSeconds(30)).until(() -> nodesRunning() == 0);
        }
    }
}
