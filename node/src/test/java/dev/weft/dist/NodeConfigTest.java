package dev.weft.dist;

import static org.junit.jupiter.api.Assertions.*;

import dev.weft.term.Atom;
import dev.weft.testing.Logs;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {
    private static final String COOKIE = "0123456789abcdef0123";
    private static final String PASSWORD = "store-password-0123";

    @TempDir
    static Path dir;
    /** A PKCS12 key store made by the JDK's keytool: a key pair and its self-signed certificate for 127.0.0.1. */
    static Path keys;

    @BeforeAll
    static void keyStore() throws Exception {
        keys = dir.resolve("node.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "node", "-keyalg", "EC", "-dname", "CN=node", "-ext", "SAN=ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keys.toString(), "-storepass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), output);
    }

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
        NodeConfig.Tls tls = new NodeConfig.Tls(keys, keys, PASSWORD);
        NodeConfig c = NodeConfig.of("a@127.0.0.1", 1, COOKIE).withTls(tls).withTick(Duration.ofSeconds(2))
                .withExport("echo", "x.Y::z").withLambdasFrom("x.").withRecordsFrom("y.").withFileRoot(dir);
        assertEquals(Duration.ofSeconds(2), c.tick());
        assertEquals("x.Y::z", c.exports().get("echo"));
        assertEquals(List.of("x."), c.lambdaPrefixes());
        assertEquals(List.of("y."), c.recordPrefixes());
        assertEquals(dir, c.fileRoot());
        assertEquals(tls, c.tls());
        assertTrue(NodeConfig.of("a@h", 1, COOKIE).withInsecurePlaintext().withTick(Duration.ofSeconds(1)).insecurePlaintext());
        assertEquals(NodeConfig.DEFAULT_TICK, NodeConfig.of("a@h", 1, COOKIE).tick());
    }

    @Test
    void theEightArgumentConstructorStillMakesAPlaintextConfig() {
        NodeConfig c = new NodeConfig(Atom.of("a@127.0.0.1"), 4370, COOKIE, NodeConfig.DEFAULT_TICK, Map.of(), List.of(), List.of(), null);
        assertNull(c.tls());
        assertFalse(c.insecurePlaintext());
        assertEquals(NodeConfig.of("a@127.0.0.1", 4370, COOKIE), c);
    }

    @Test
    void tlsChecksAtOnceThatItsStoresExistAndOpenWithThePassword() throws Exception {
        assertEquals(keys, new NodeConfig.Tls(keys, keys, PASSWORD).keyStore());
        Path missing = dir.resolve("missing.p12");
        assertTlsRefused("TLS key store " + missing + " does not exist", missing, keys, PASSWORD);
        assertTlsRefused("TLS trust store " + missing + " does not exist", keys, missing, PASSWORD);
        assertTlsRefused("the password does not open TLS key store " + keys, keys, keys, "not-the-password");
        Path text = Files.writeString(dir.resolve("text.p12"), "not a key store");
        assertTlsRefused("cannot read TLS trust store " + text, keys, text, PASSWORD);
        assertTlsRefused("their password", keys, keys, null);
    }

    @Test
    void theKeyStoreMustHoldAKeyAndTheTrustStoreCertificates() throws Exception {
        KeyStore full = KeyStore.getInstance(keys.toFile(), PASSWORD.toCharArray());
        Path certificateOnly = store("certificate-only.p12", s -> s.setCertificateEntry("peer", full.getCertificate("node")));
        Path empty = store("empty.p12", s -> { });
        assertEquals(certificateOnly, new NodeConfig.Tls(keys, certificateOnly, PASSWORD).trustStore());
        assertTlsRefused("TLS key store " + certificateOnly + " holds no private key", certificateOnly, keys, PASSWORD);
        assertTlsRefused("TLS trust store " + empty + " holds no certificates", keys, empty, PASSWORD);
    }

    @Test
    void theConfigShowsItsSettingsButNeitherTheCookieNorTheTlsPassword() {
        String shown = NodeConfig.of("a@127.0.0.1", 1, COOKIE).withTls(new NodeConfig.Tls(keys, keys, PASSWORD)).toString();
        assertTrue(shown.contains("keyStore=" + keys), shown);
        assertTrue(shown.contains("name=:\"a@127.0.0.1\""), shown);
        assertFalse(shown.contains(PASSWORD), shown);
        assertFalse(shown.contains(COOKIE), shown);
    }

    @Test
    void tlsAndInsecurePlaintextAreEitherOr() {
        NodeConfig plain = NodeConfig.of("a@127.0.0.1", 1, COOKIE).withInsecurePlaintext();
        var e = assertThrows(IllegalArgumentException.class, () -> plain.withTls(new NodeConfig.Tls(keys, keys, PASSWORD)));
        assertEquals("node a@127.0.0.1 is given both TLS and insecure plaintext: choose one", e.getMessage());
    }

    @Test
    void aNodeListensBeyondLoopbackOnlyWithTlsOrTheInsecureOptIn() throws Exception {
        NodeConfig outside = NodeConfig.of("a@203.0.113.1", 0, COOKIE);   // TEST-NET-3: no host's own address
        var e = assertThrows(IllegalArgumentException.class, () -> Node.start(outside));
        assertEquals("node a@203.0.113.1 would listen on 203.0.113.1, which is not a loopback address, without TLS."
                + " Give it TLS (NodeConfig.withTls; weft node --tls-keystore FILE --tls-truststore FILE --tls-password-file FILE),"
                + " or, on a network you trust, opt in to plaintext (NodeConfig.withInsecurePlaintext; weft node --insecure-plaintext)", e.getMessage());
        assertFalse(Node.alive());
        assertEquals(Atom.of("nonode@nohost"), Node.self());

        List<LogRecord> quiet = Logs.during("dev.weft.dist", () -> {
            check(NodeConfig.of("a@127.0.0.1", 0, COOKIE));
            check(NodeConfig.of("a@localhost", 0, COOKIE));
            check(outside.withTls(new NodeConfig.Tls(keys, keys, PASSWORD)));
        });
        assertEquals(List.of(), quiet);
        List<LogRecord> warned = Logs.during("dev.weft.dist", () -> check(outside.withInsecurePlaintext()));
        assertEquals(1, warned.size());
        assertEquals(Level.WARNING, warned.getFirst().getLevel());
        assertTrue(warned.getFirst().getMessage().startsWith("node a@203.0.113.1 listens on 203.0.113.1 in plaintext"), warned.getFirst().getMessage());
    }

    private static void check(NodeConfig config) {
        try {
            Dist.checkListenAddress(config);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertTlsRefused(String expected, Path keyStore, Path trustStore, String password) {
        var e = assertThrows(IllegalArgumentException.class, () -> new NodeConfig.Tls(keyStore, trustStore, password));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private interface Filling {
        void fill(KeyStore store) throws Exception;
    }

    /** A PKCS12 store in {@code name}, with the test password, holding what {@code filling} puts in it. */
    private static Path store(String name, Filling filling) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        filling.fill(store);
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
        return file;
    }
}
