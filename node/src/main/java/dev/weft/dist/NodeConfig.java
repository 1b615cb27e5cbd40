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
 * (always {@code dev.weft.}) and lambdas (none by default: deny by default), the directory other
 * nodes may open files under (none by default: remote file opens are off), and how it talks to other
 * nodes: in plaintext by default, which a node does only on a loopback host, or over mutual TLS
 * ({@link #withTls}); plaintext beyond loopback takes {@link #withInsecurePlaintext}.
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
 * @param tls            the node's key and the certificates it trusts, or null: plaintext
 * @param insecurePlaintext whether the node may listen beyond loopback without TLS
 */
public record NodeConfig(Atom name, int port, String cookie, Duration tick, Map<String, String> exports,
                         List<String> recordPrefixes, List<String> lambdaPrefixes, Path fileRoot,
                         Tls tls, boolean insecurePlaintext) {
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
        if (tls != null && insecurePlaintext) {
            throw new IllegalArgumentException("node " + n + " is given both TLS and insecure plaintext: choose one");
        }
    }

    /** A config without TLS or the insecure opt-in (the components before those came): its node listens on loopback only. */
    public NodeConfig(Atom name, int port, String cookie, Duration tick, Map<String, String> exports,
                      List<String> recordPrefixes, List<String> lambdaPrefixes, Path fileRoot) {
        this(name, port, cookie, tick, exports, recordPrefixes, lambdaPrefixes, fileRoot, null, false);
    }

    /** A node with the default tick, nothing exported and no lambdas allowed. */
    public static NodeConfig of(String name, int port, String cookie) {
        return new NodeConfig(Atom.of(name), port, cookie, DEFAULT_TICK, Map.of(), List.of(), List.of(), null);
    }

    public NodeConfig withTick(Duration t) {
        return new NodeConfig(name, port, cookie, t, exports, recordPrefixes, lambdaPrefixes, fileRoot, tls, insecurePlaintext);
    }

    /** Exports {@code target} ({@code CLASS::staticMethod}) under {@code exportName}. */
    public NodeConfig withExport(String exportName, String target) {
        Map<String, String> more = new LinkedHashMap<>(exports);
        more.put(exportName, target);
        return new NodeConfig(name, port, cookie, tick, more, recordPrefixes, lambdaPrefixes, fileRoot, tls, insecurePlaintext);
    }

    /** Accepts records whose class name starts with {@code prefix}. */
    public NodeConfig withRecordsFrom(String prefix) {
        return new NodeConfig(name, port, cookie, tick, exports, plus(recordPrefixes, prefix), lambdaPrefixes, fileRoot, tls, insecurePlaintext);
    }

    /** Runs lambdas sent by other nodes when their capturing class's name starts with {@code prefix}. */
    public NodeConfig withLambdasFrom(String prefix) {
        return new NodeConfig(name, port, cookie, tick, exports, recordPrefixes, plus(lambdaPrefixes, prefix), fileRoot, tls, insecurePlaintext);
    }

    /** Lets other nodes open files under {@code root} (and nowhere else: checked after resolving links). */
    public NodeConfig withFileRoot(Path root) {
        return new NodeConfig(name, port, cookie, tick, exports, recordPrefixes, lambdaPrefixes, root, tls, insecurePlaintext);
    }

    /**
     * Talks to other nodes over mutual TLS only ({@code -proto_dist inet_tls} on the BEAM): this node
     * shows its certificate, accepts a peer only if {@code tls}'s trust store vouches for the peer's,
     * and checks that a node it dials has a certificate for the host in that node's name. Every node
     * of the cluster needs it; a plaintext peer is refused. With it a node may listen beyond loopback.
     *
     * <pre>{@code
     * NodeConfig config = NodeConfig.of("a@10.0.0.5", 4370, cookie)
     *         .withTls(new NodeConfig.Tls(Path.of("weft.p12"), Path.of("weft.p12"), password));
     * Node.start(config);
     * }</pre>
     */
    public NodeConfig withTls(Tls tls) {
        return new NodeConfig(name, port, cookie, tick, exports, recordPrefixes, lambdaPrefixes, fileRoot, tls, insecurePlaintext);
    }

    /**
     * Lets the node listen beyond loopback in plaintext, as a BEAM node does by default
     * ({@code -proto_dist inet_tcp}): anyone on the network can read the traffic, and anyone who
     * learns the cookie can run code here. For a network you trust entirely; prefer {@link #withTls}.
     *
     * <pre>{@code
     * Node.start(NodeConfig.of("a@10.0.0.5", 4370, cookie).withInsecurePlaintext());   // logs a warning
     * }</pre>
     */
    public NodeConfig withInsecurePlaintext() {
        return new NodeConfig(name, port, cookie, tick, exports, recordPrefixes, lambdaPrefixes, fileRoot, tls, true);
    }

    /** The host part of the name, where the node listens. */
    public String host() {
        return host(name);
    }

    static String host(Atom node) {
        return node.name().substring(node.name().indexOf('@') + 1);
    }

    /**
     * A node's side of mutual TLS: its key and certificate chain, and the certificates it accepts from
     * peers (a CA's, or the peers' own). A node dialing another checks that the other's certificate
     * names the host of that node's name ({@code b@10.0.0.6}: 10.0.0.6) as a DNS or IP subject
     * alternative name. The stores are checked when this is made: both there, readable, opened by the
     * password, one holding a private key and the other certificates.
     *
     * <pre>{@code
     * // keytool -genkeypair -alias weft -keyalg EC -dname CN=weft -ext SAN=ip:10.0.0.5,ip:10.0.0.6 \
     * //   -validity 825 -storetype PKCS12 -keystore weft.p12 -storepass:file weft.pass
     * // (one self-signed certificate for the whole cluster: it is its own trust store)
     * String password = Files.readAllLines(Path.of("weft.pass")).getFirst();
     * NodeConfig.Tls tls = new NodeConfig.Tls(Path.of("weft.p12"), Path.of("weft.p12"), password);
     * }</pre>
     *
     * @param keyStore   a PKCS12 (or JKS) key store holding this node's private key and certificate chain
     * @param trustStore a key store of the certificates this node accepts from peers; may be {@code keyStore}
     * @param password   the password of both stores and of the key (keytool gives a PKCS12 key the store's)
     */
    public record Tls(Path keyStore, Path trustStore, String password) {
        public Tls {
            WireSecurity.check(keyStore, trustStore, password);
        }

        /** The stores, not the password. */
        @Override
        public String toString() {
            return "Tls[keyStore=" + keyStore + ", trustStore=" + trustStore + "]";
        }
    }

    /** Every setting but the cookie, which a log line or an exception message must not carry. */
    @Override
    public String toString() {
        return "NodeConfig[name=" + name + ", port=" + port + ", cookie=<hidden>, tick=" + tick + ", exports=" + exports
                + ", recordPrefixes=" + recordPrefixes + ", lambdaPrefixes=" + lambdaPrefixes + ", fileRoot=" + fileRoot
                + ", tls=" + tls + ", insecurePlaintext=" + insecurePlaintext + "]";
    }

    private static List<String> plus(List<String> list, String item) {
        List<String> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }
}
