package dev.weft.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.dist.Node;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes with mutual TLS ({@code weft node --tls-keystore ... --tls-truststore ... --tls-password-file ...}),
 * their key pairs made with the JDK's keytool: they talk to each other, and refuse a node without
 * TLS and a node whose certificate they do not trust, logging each with its address and going on.
 */
class TlsTest {
    @TempDir
    Path dir;

    @Test
    void tlsNodesTalkToEachOtherAndRefuseAPlaintextNodeAndAnUntrustedCertificate() throws Exception {
        Path password = Files.writeString(dir.resolve("weft.pass"), "tls-test-password-0123\n");
        Path cluster = keyPair("cluster.p12", "CN=weft-cluster", password);     // every node's: its own trust store
        Path stranger = keyPair("stranger.p12", "CN=stranger", password);
        List<String> tls = List.of("--tls-keystore", cluster.toString(), "--tls-truststore", cluster.toString(), "--tls-password-file", password.toString());
        try (NodeProcess a = NodeProcess.start("tls_a", NodeProcess.freePort(), tls.toArray(String[]::new))) {
            Cluster.startLocal();   // this JVM: a node without TLS
            assertFalse(Node.connect(a.name, a.port));
            await().atMost(NodeProcess.timeout()).until(() -> a.stderr.stream()
                    .anyMatch(l -> l.contains("refused a connection from /127.0.0.1:") && l.contains("it does not speak TLS")));

            List<String> ping = weft("ping", a.name.name() + ":" + a.port, "--cookie", NodeProcess.COOKIE, "--tls-keystore", stranger.toString(),
                    "--tls-truststore", cluster.toString(), "--tls-password-file", password.toString());
            assertEquals(List.of("pang"), ping);
            await().atMost(NodeProcess.timeout()).until(() -> a.stderr.stream()
                    .anyMatch(l -> l.contains("refused a connection from /127.0.0.1:") && l.contains("no certificate from an issuer this node trusts")));

            List<String> b = new ArrayList<>(tls);
            b.addAll(List.of("--connect", a.name.name() + ":" + a.port, "--main", TlsPeerMain.class.getName(), "--halt", a.name.name()));
            try (NodeProcess peer = NodeProcess.start("tls_b", NodeProcess.freePort(), b.toArray(String[]::new))) {
                await().atMost(NodeProcess.timeout()).until(() -> peer.stdout.contains("echoed over TLS from tls_a@127.0.0.1, rpc 3"));
            }
        }
    }

    /** A key pair and its self-signed certificate for 127.0.0.1 and localhost, in a new PKCS12 store (JDK keytool). */
    private Path keyPair(String file, String subject, Path password) throws Exception {
        Path store = dir.resolve(file);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        run(List.of(keytool.toString(), "-genkeypair", "-alias", "weft", "-keyalg", "EC", "-dname", subject,
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass:file", password.toString()), 0);
        return store;
    }

    /** {@code scripts/weft} with {@code args}: its output, once it has ended with status 1. */
    private List<String> weft(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(NodeProcess.ROOT.resolve("scripts/weft").toString()));
        cmd.addAll(List.of(args));
        return run(cmd, 1);
    }

    /** Runs {@code cmd} to its end, which must be with {@code status}; returns its standard output. */
    private List<String> run(List<String> cmd, int status) throws Exception {
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
        pb.environment().put("WEFT_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
        Process p = pb.start();
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(p.waitFor(NodeProcess.timeout().toSeconds(), TimeUnit.SECONDS), cmd.getFirst() + " did not end");
        assertEquals(status, p.exitValue(), cmd + "\n" + String.join("\n", out) + "\n" + Files.readString(err));
        return out;
    }
}
