package dev.weft.it;

import dev.weft.dist.Node;
import dev.weft.dist.NodeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The test JVM is itself node {@code it@127.0.0.1}; node {@code b} runs in another JVM (with a file
 * root of its own), shared by the test classes and killed when the test JVM exits. Tests that kill nodes start their own.
 */
final class Cluster {
    private static NodeProcess b;
    private static Path bRoot;

    private Cluster() {}

    static synchronized void startLocal() {
        if (Node.alive()) return;
        try {
            Node.start(NodeConfig.of("it@127.0.0.1", 0, NodeProcess.COOKIE).withTick(Duration.ofSeconds(2)).withLambdasFrom("dev.weft.it.")
                    .withExport("add", "dev.weft.it.Fns::add"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Node b, started and connected on first use. */
    static synchronized NodeProcess b() {
        startLocal();
        if (b == null) {
            try {
                bRoot = Files.createTempDirectory("weft-b-root");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            b = started("b", "--file-root", bRoot.toString());
        }
        return b;
    }

    /** The directory node b lets other nodes open files under. */
    static synchronized Path bRoot() {
        b();
        return bRoot;
    }

    /** A new node in its own JVM, connected to this one and killed when the test JVM exits. */
    static NodeProcess started(String shortName, String... extra) {
        startLocal();
        NodeProcess n = NodeProcess.start(shortName, NodeProcess.freePort(), extra);
        Runtime.getRuntime().addShutdownHook(new Thread(n::kill9));
        if (!Node.connect(n.name, n.port)) throw new IllegalStateException("could not connect to " + n.name + "; its stderr:\n" + String.join("\n", n.stderr));
        return n;
    }
}
