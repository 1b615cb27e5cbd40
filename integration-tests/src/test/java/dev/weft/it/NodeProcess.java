package dev.weft.it;

import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Weft node in its own JVM, started through {@code scripts/weft node} with this module's test
 * classes on its classpath ({@code WEFT_CLASSPATH}), and killed with a real signal.
 */
final class NodeProcess implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    static final String COOKIE = "integration-test-cookie-0123456789abcdef";

    final Atom name;
    final int port;
    private final Process process;
    final ConcurrentLinkedQueue<String> stdout = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> stderr = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<String> up = new CompletableFuture<>();

    private NodeProcess(Atom name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
        pump(process.inputReader(StandardCharsets.UTF_8), stdout, true);
        pump(process.errorReader(StandardCharsets.UTF_8), stderr, false);
    }

    /** Starts {@code short@127.0.0.1} on {@code port} with the test cookie, a 2 s tick, the test exports, and {@code extra} options. */
    static NodeProcess start(String shortName, int port, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("scripts/weft").toString(), "node",
                "--name", shortName + "@127.0.0.1", "--port", String.valueOf(port), "--tick", "2s",
                "--export", "echo=dev.weft.it.Fns::echo",
                "--export", "add=dev.weft.it.Fns::add",
                "--export", "crash=dev.weft.it.Fns::crash",
                "--export", "wait=dev.weft.it.Fns::waitForever",
                "--export", "trap=dev.weft.it.Fns::trapAndReport",
                "--export", "register=dev.weft.it.Fns::registerAndEcho",
                "--export", "agent=dev.weft.it.Fns::startAgent",
                "--export", "server=dev.weft.it.Fns::startNamedServer",
                "--allow-lambdas", "dev.weft.it."));
        if (List.of(extra).stream().noneMatch(a -> a.startsWith("--cookie"))) cmd.addAll(List.of("--cookie", COOKIE));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("WEFT_CLASSPATH", ROOT.resolve("integration-tests/target/test-classes").toString());
        pb.environment().put("WEFT_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
        try {
            NodeProcess n = new NodeProcess(Atom.of(shortName + "@127.0.0.1"), port, pb.start());
            n.awaitUp();
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void pump(BufferedReader in, ConcurrentLinkedQueue<String> lines, boolean watchUp) {
        Thread.ofPlatform().daemon().start(() -> {
            try (in) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                    if (watchUp && line.startsWith("node " + name.name() + " up on ")) up.complete(line);
                }
            } catch (IOException e) {
                // the node went away
            }
            up.completeExceptionally(new IllegalStateException("node " + name + " ended before it was up; stderr: " + String.join("\n", stderr)));
        });
    }

    private void awaitUp() {
        try {
            up.get(90, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("node " + name + " did not come up: " + e.getMessage() + "\nstderr: " + String.join("\n", stderr), e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: the JVM gets no chance to say goodbye. */
    void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill9();
    }

    /** A port nothing listens on right now. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Duration timeout() {
        return Duration.ofSeconds(20);
    }

    /** Receives {@code message} (equal to it) within {@link #timeout()}, or fails the test. */
    static Object expect(Object message) {
        return Kernel.receive(m -> m.equals(message) ? m : Kernel.NO_MATCH, timeout(), () -> {
            throw new AssertionError("did not get " + message);
        });
    }
}
