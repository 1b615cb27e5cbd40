package dev.weft.dist;

import dev.weft.term.Atom;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a node starts: its name ({@code name@host}; it listens on that host), port, cookie, tick time,
 * the functions it exports for remote spawn, the class-name prefixes it accepts for records
 * (always {@code dev.weft.}) and lambdas (none by default: deny by default), and the directory other
 * nodes may open files under (none by default: remote file opens are off).
 *
 * <pre>{@code
 * NodeConfig config = NodeConfig.of("a@127.0.0.1", 4370, cookie)
 *         .withExport("echo", "com.example.Echo::run")
 *         .withLambdasFrom("com.example.")
 *         .withTick(Duration.ofSeconds(2))
 *         .withFileRoot(Path.of("/srv/shared"));
 * Node.start(config);
 * }</pre>
 *
 * @param name           the node's name, {@code name@host}
 * @param port           the port it listens on (0 picks a free one)
 * @param cookie         the shared secret; at least 16 characters
 * @param tick           silence after which a peer is declared down; ticks are sent every quarter of it
 * @param exports        function names other nodes may spawn, each {@code CLASS::staticMethod}
 * @param recordPrefixes class-name prefixes of records accepted from the wire, besides {@code dev.weft.}
 * @param lambdaPrefixes class-name prefixes of the classes whose lambdas may be spawned here
 * @param fileRoot       the directory other nodes may open files under ({@link Node#openFile}), or null
 */
public record NodeConfig(Atom name, int port, String cookie, Duration tick, Map<String, String> exports,
                         List<String> recordPrefixes, List<String> lambdaPrefixes, Path fileRoot) {
    /** The default tick time: a silent peer is declared down after 15 s. */
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(15);

    public NodeConfig {
        String n = name == null ? "" : name.name();
        int at = n.indexOf('@');
        if (at <= 0 || at == n.length() - 1) throw new IllegalArgumentException("a node name looks like name@host, not " + name);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " of node " + n + " is not in 0..65535");
        if (cookie == null || cookie.length() < 16) {
            throw new IllegalArgumentException("the cookie of node " + n + " is too weak: use at least 16 random characters (128 bits)");
        }
        if (tick == null || tick.toMillis() < 100) throw new IllegalArgumentException("tick time of node " + n + " must be at least 100 ms, not " + tick);
        exports = Map.copyOf(exports);
        recordPrefixes = List.copyOf(recordPrefixes);
        lambdaPrefixes = List.copyOf(lambdaPrefixes);
    }

    /** A node with the default tick, nothing exported and no lambdas allowed. */
    public static NodeConfig of(String name, int port, String cookie) {
        return new NodeConfig(Atom.of(name), port, cookie, DEFAULT_TICK, Map.of(), List.of(), List.of(), null);
    }

    public NodeConfig withTick(Duration t) {
        return new NodeConfig(name, port, cookie, t, exports, recordPrefixes, lambdaPrefixes, fileRoot);
    }

    /** Exports {@code target} ({@code CLASS::staticMethod}) under {@code exportName}. */
    public NodeConfig withExport(String exportName, String target) {
        Map<String, String> more = new LinkedHashMap<>(exports);
        more.put(exportName, target);
        return new NodeConfig(name, port, cookie, tick, more, recordPrefixes, lambdaPrefixes, fileRoot);
    }

    /** Accepts records whose class name starts with {@code prefix}. */
    public NodeConfig withRecordsFrom(String prefix) {
        return new NodeConfig(name, port, cookie, tick, exports, plus(recordPrefixes, prefix), lambdaPrefixes, fileRoot);
    }

    /** Runs lambdas sent by other nodes when their capturing class's name starts with {@code prefix}. */
    public NodeConfig withLambdasFrom(String prefix) {
        return new NodeConfig(name, port, cookie, tick, exports, recordPrefixes, plus(lambdaPrefixes, prefix), fileRoot);
    }

    /** Lets other nodes open files under {@code root} (and nowhere else: checked after resolving links). */
    public NodeConfig withFileRoot(Path root) {
        return new NodeConfig(name, port, cookie, tick, exports, recordPrefixes, lambdaPrefixes, root);
    }

    /** The host part of the name, where the node listens. */
    public String host() {
        return host(name);
    }

    static String host(Atom node) {
        return node.name().substring(node.name().indexOf('@') + 1);
    }

    private static List<String> plus(List<String> list, String item) {
        List<String> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }
}
