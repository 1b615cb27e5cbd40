package dev.weft.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code weft cluster} in a real terminal: its nodes come up, meshed, {@code --run} runs once they are
 * all connected, and Ctrl-C stops them all.
 */
class ClusterTerminalTest {
    /** How many node JVMs of a cluster whose names start with {@code prefix} are running. */
    private static long nodesRunning(String prefix) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("--name " + prefix) && c.contains(" node ")).orElse(false))
                .count();
    }

    @Test
    void ctrlCStopsEveryNodeOfTheCluster() {
        int base = NodeProcess.freePort();
        try (Terminal terminal = new Terminal("weft-cluster", "scripts/weft cluster --nodes 2 --prefix ctt --base-port " + base)) {
            terminal.awaitScreen("cluster up: ctt1@127.0.0.1 ctt2@127.0.0.1");
            terminal.awaitScreen("[ctt2@127.0.0.1] INFO dev.weft.dist: connected to ctt1@127.0.0.1");
            assertEquals(2, nodesRunning("ctt"));
            terminal.keys("C-c");
            await().atMost(Duration.ofSeconds(30)).until(() -> nodesRunning("ctt") == 0);
        }
    }

    @Test
    void runRunsItsFileOnTheFirstNodeOnceEveryNodeIsConnected(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path hello = dir.resolve("Hello.java");
        // its lambdas run on the other nodes, its records cross them, and what they print comes home
        java.nio.file.Files.writeString(hello, """
                import static dev.weft.process.Kernel.*;
                import dev.weft.dist.Node;
                import dev.weft.io.IO;
                import dev.weft.term.*;

                record Greeting(Atom from, String text) {}

                void main() {
                    System.out.println("run saw " + Node.list().size() + " other nodes");
                    Pid me = self();
                    for (Atom n : Node.list().stream().sorted(java.util.Comparator.comparing(Atom::name)).toList()) {
                        Node.spawn(n, () -> {
                            IO.puts("printed by a lambda on " + Node.self());
                            send(me, new Greeting(Node.self(), "hi"));
                        });
                        System.out.println("got " + receive());
                    }
                }
                """);
        int base = NodeProcess.freePort();
        try (Terminal terminal = new Terminal("weft-cluster-run",
                "scripts/weft cluster --nodes 3 --prefix ctr --base-port " + base + " --run " + hello)) {
            terminal.awaitScreen("[ctr1@127.0.0.1] run saw 2 other nodes");
            terminal.awaitScreen("[ctr1@127.0.0.1] printed by a lambda on :\"ctr2@127.0.0.1\"");
            terminal.awaitScreen("[ctr1@127.0.0.1] got Greeting[from=:\"ctr3@127.0.0.1\", text=hi]");
            terminal.keys("C-c");
            await().atMost(Duration.ofSeconds(30)).until(() -> nodesRunning("ctr") == 0);
        }
    }
}
