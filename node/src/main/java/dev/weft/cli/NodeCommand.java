package dev.weft.cli;

import dev.weft.dist.Node;
import dev.weft.dist.NodeConfig;
import dev.weft.io.IO;
import dev.weft.process.Down;
import dev.weft.process.Kernel;
import dev.weft.process.Matcher;
import dev.weft.process.Spawned;
import dev.weft.term.Atom;
import dev.weft.term.Tuple;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code weft node}: starts a node, connects it to others, runs a program in a process on it, and
 * serves until the JVM is stopped. Prints {@code node NAME up on HOST:PORT} once it listens.
 *
 * <pre>{@code
 * weft node --name b@127.0.0.1 --port 4371 --connect a@127.0.0.1:4370 --export echo=com.example.Echo::run
 * weft node --name b@10.0.0.6 --tls-keystore b.p12 --tls-truststore ca.p12 --tls-password-file weft.pass
 * }</pre>
 *
 * <p>A node listens on a host that is not loopback only with TLS ({@link TlsOptions}) or
 * {@code --insecure-plaintext}.
 */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Start a node and serve until stopped.")
final class NodeCommand implements Callable<Integer> {
    @Option(names = "--name", required = true, description = "node name, name@host (it listens on host)")
    String name;

    @Option(names = "--port", defaultValue = "4370", description = "port to listen on (default ${DEFAULT-VALUE}; 0 picks one)")
    int port;

    @Mixin
    CookieOptions cookie = new CookieOptions();

    @Mixin
    TlsOptions tls = new TlsOptions();

    @Option(names = "--connect", description = "a node to connect to at start, name@host:port (repeatable)")
    List<String> connect = new ArrayList<>();

    @Option(names = "--export", description = "a function other nodes may spawn, NAME=CLASS::staticMethod (repeatable)")
    List<String> exports = new ArrayList<>();

    @Option(names = "--allow-lambdas", description = "accept spawned lambdas of classes with this name prefix (repeatable)")
    List<String> lambdaPrefixes = new ArrayList<>();

    @Option(names = "--allow-records", description = "accept records with this class-name prefix besides dev.weft. (repeatable)")
    List<String> recordPrefixes = new ArrayList<>();

    @Option(names = "--file-root", description = "directory other nodes may open files under (default: none, remote opens refused)")
    Path fileRoot;

    @Option(names = "--tick", defaultValue = "15s", description = "silence after which a peer is down (default ${DEFAULT-VALUE}; e.g. 2s, 500ms)")
    String tick;

    @Option(names = "--main", description = "class whose main(String[]) runs in a process on the node")
    String mainClass;

    @Option(names = "--run", description = "a Java source file to compile against Weft and run in a process on the node")
    Path run;

    @Option(names = "--shell", description = "open the interactive shell on the node (the node stops when it ends)")
    boolean shell;

    @Option(names = "--allow-remsh", description = "let `weft remsh` run shells here (anyone with the cookie can then run code on this node)")
    boolean allowRemsh;

    @Option(names = "--halt", description = "stop the node when the --main or --run program ends (status 0 if it ended :normal)")
    boolean halt;

    @Option(names = "--connect-timeout", defaultValue = "20s", description = "how long to keep trying each --connect node (default ${DEFAULT-VALUE})")
    String connectTimeout;

    @Option(names = "--await-peers", description = "start --main or --run only once this many other nodes are connected (waiting up to 60 s)")
    int awaitPeers;

    @Parameters(description = "arguments for --main or --run")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        NodeConfig config = NodeConfig.of(name, port, cookie.cookie()).withTick(duration(tick))
                .withExport(Control.NODES, Control.class.getName() + "::nodes")
                .withExport(Control.STOP, Control.class.getName() + "::stop");
        for (String e : exports) {
            int eq = e.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--export takes NAME=CLASS::staticMethod, not " + e);
            config = config.withExport(e.substring(0, eq), e.substring(eq + 1));
        }
        if (allowRemsh) config = config.withExport(RemshSession.EXPORT, RemshSession.class.getName() + "::open");
        for (String p : lambdaPrefixes) config = config.withLambdasFrom(p);
        for (String p : recordPrefixes) config = config.withRecordsFrom(p);
        if (fileRoot != null) config = config.withFileRoot(fileRoot);
        config = tls.apply(config);
        int listening = Node.start(config);
        IO.standardIo();   // every process from here on has the node's standard io as group leader
        for (String c : connect) connect(c, duration(connectTimeout));
        System.out.println("node " + name + " up on " + config.host() + ":" + listening);
        System.out.flush();
        if (awaitPeers > 0 && (mainClass != null || run != null)) awaitPeers(awaitPeers, Duration.ofSeconds(60));
        Spawned program = mainClass != null
                ? SourceRunner.startMain(Class.forName(mainClass, true, Thread.currentThread().getContextClassLoader()), args)
                : run != null ? SourceRunner.start(run, args) : null;
        if (halt && program != null) {
            Object reason = Kernel.receive(m -> m instanceof Down d && d.ref().equals(program.ref()) ? d.reason() : Kernel.NO_MATCH);
            return Atom.NORMAL.equals(reason) ? 0 : 1;
        }
        if (shell) {
            try (Shell s = new Shell(System.out); TerminalLines lines = new TerminalLines(s)) {
                s.run(lines);
            }
            return 0;
        }
        new CountDownLatch(1).await();
        return 0;
    }

    /** Waits, on nodeup messages, until {@code n} other nodes are connected or {@code patience} has passed. */
    private static void awaitPeers(int n, Duration patience) {
        Matcher nodeup = m -> m instanceof Tuple t && t.is(NODEUP, 2) ? m : Kernel.NO_MATCH;
        Node.monitorNodes(true);
        long deadline = System.nanoTime() + patience.toNanos();
        while (Node.list().size() < n) {
            long left = deadline - System.nanoTime();
            if (Kernel.receive(nodeup, Duration.ofNanos(Math.max(0, left)), () -> null) == null && Node.list().size() < n) {
                System.err.println("weft: only " + Node.list().size() + " of " + n + " other nodes connected within " + patience + "; running anyway");
                break;
            }
        }
        Node.monitorNodes(false);
        while (Kernel.receive(nodeup, Duration.ZERO, () -> null) != null) {
            // drop the nodeup messages left over
        }
    }

    private static final Atom NODEUP = Atom.of("nodeup");

    /** Connects to {@code spec} ({@code name@host:port}), trying again until {@code patience} has passed. */
    private static void connect(String spec, Duration patience) throws InterruptedException {
        int colon = spec.lastIndexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("--connect takes name@host:port, not " + spec);
        Atom peer = Atom.of(spec.substring(0, colon));
        int peerPort = Integer.parseInt(spec.substring(colon + 1));
        long deadline = System.nanoTime() + patience.toNanos();
        while (!Node.connect(peer, peerPort)) {
            if (System.nanoTime() > deadline) {
                System.err.println("weft: could not connect to " + spec + " within " + patience);
                return;
            }
            Thread.sleep(250);
        }
    }

    /** {@code 15s}, {@code 500ms}, {@code 2m}, or an ISO-8601 duration. */
    static Duration duration(String text) {
        String t = text.strip().toLowerCase();
        if (t.startsWith("p")) return Duration.parse(text.strip());
        if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        if (t.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        if (t.endsWith("m")) return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        throw new IllegalArgumentException("a duration looks like 15s, 500ms, 2m or PT15S, not " + text);
    }
}
