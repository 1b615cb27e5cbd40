package dev.weft.cli;

import dev.weft.dist.Node;
import dev.weft.dist.NodeConfig;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code weft node}: starts a node, connects it to others, runs a program in a process on it, and
 * serves until the JVM is stopped. Prints {@code node NAME up on HOST:PORT} once it listens.
 *
 * <pre>{@code
 * weft node --name b@127.0.0.1 --port 4371 --connect a@127.0.0.1:4370 --export echo=com.example.Echo::run
 * }</pre>
 */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Start a node and serve until stopped.")
final class NodeCommand implements Callable<Integer> {
    @Option(names = "--name", required = true, description = "node name, name@host (it listens on host)")
    String name;

    @Option(names = "--port", defaultValue = "4370", description = "port to listen on (default ${DEFAULT-VALUE}; 0 picks one)")
    int port;

    @Option(names = "--cookie", description = "the cluster's cookie (default: the one in --cookie-file)")
    String cookie;

    @Option(names = "--cookie-file", description = "file holding the cookie, made with a random one if missing (default ~/.weft.cookie)")
    Path cookieFile;

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

    @Parameters(description = "arguments for --main")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        NodeConfig config = NodeConfig.of(name, port, cookie != null ? cookie : CookieFile.readOrCreate(
                cookieFile != null ? cookieFile : CookieFile.defaultPath())).withTick(duration(tick));
        for (String e : exports) {
            int eq = e.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--export takes NAME=CLASS::staticMethod, not " + e);
            config = config.withExport(e.substring(0, eq), e.substring(eq + 1));
        }
        for (String p : lambdaPrefixes) config = config.withLambdasFrom(p);
        for (String p : recordPrefixes) config = config.withRecordsFrom(p);
        if (fileRoot != null) config = config.withFileRoot(fileRoot);
        int listening = Node.start(config);
        for (String c : connect) {
            int colon = c.lastIndexOf(':');
            if (colon <= 0) throw new IllegalArgumentException("--connect takes name@host:port, not " + c);
            Atom peer = Atom.of(c.substring(0, colon));
            if (!Node.connect(peer, Integer.parseInt(c.substring(colon + 1)))) {
                System.err.println("weft: could not connect to " + c);
            }
        }
        System.out.println("node " + name + " up on " + config.host() + ":" + listening);
        System.out.flush();
        if (mainClass != null) runMain();
        new CountDownLatch(1).await();
        return 0;
    }

    private void runMain() throws ReflectiveOperationException {
        Method main = Class.forName(mainClass, true, Thread.currentThread().getContextClassLoader()).getMethod("main", String[].class);
        String[] argv = args.toArray(String[]::new);
        Kernel.spawn(() -> {
            try {
                main.invoke(null, (Object) argv);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw new IllegalStateException(mainClass + ".main failed", e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot run " + mainClass + ".main", e);
            }
        });
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
