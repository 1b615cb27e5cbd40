package dev.weft.cli;

import dev.weft.dist.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How a node talks to other nodes beyond plaintext on loopback: mutual TLS ({@code --tls-keystore},
 * {@code --tls-truststore}, {@code --tls-password-file}; the password is read from a file, never
 * given on the command line) or {@code --insecure-plaintext}. Shared by the commands that start a node.
 *
 * <pre>{@code
 * scripts/weft node --name a@10.0.0.5 --tls-keystore weft.p12 --tls-truststore weft.p12 --tls-password-file weft.pass
 * }</pre>
 */
final class TlsOptions {
    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "PKCS12 key store with this node's key and certificate (naming its host); turns on mutual TLS")
    Path keyStore;

    @Option(names = "--tls-truststore", paramLabel = "FILE",
            description = "PKCS12 store of the certificates (a CA's, or the nodes' own) accepted from other nodes; may be the key store")
    Path trustStore;

    @Option(names = "--tls-password-file", paramLabel = "FILE", description = "file whose first line is the password of both stores")
    Path passwordFile;

    @Option(names = "--insecure-plaintext",
            description = "listen beyond loopback without TLS (Erlang's default): anyone on the network reads the traffic")
    boolean insecurePlaintext;

    /** {@code config} with the TLS or plaintext opt-in asked for. */
    NodeConfig apply(NodeConfig config) throws IOException {
        if (insecurePlaintext) config = config.withInsecurePlaintext();
        if (keyStore == null && trustStore == null && passwordFile == null) return config;
        if (keyStore == null || trustStore == null || passwordFile == null) {
            throw new IllegalArgumentException("TLS takes all three of --tls-keystore, --tls-truststore and --tls-password-file");
        }
        List<String> lines = Files.readAllLines(passwordFile);
        if (lines.isEmpty() || lines.getFirst().isEmpty()) throw new IllegalArgumentException("--tls-password-file " + passwordFile + " is empty");
        return config.withTls(new NodeConfig.Tls(keyStore, trustStore, lines.getFirst()));
    }

    /** The same options again, for a node this command starts in another JVM. */
    List<String> args() {
        List<String> out = new ArrayList<>();
        if (keyStore != null) out.addAll(List.of("--tls-keystore", keyStore.toString()));
        if (trustStore != null) out.addAll(List.of("--tls-truststore", trustStore.toString()));
        if (passwordFile != null) out.addAll(List.of("--tls-password-file", passwordFile.toString()));
        if (insecurePlaintext) out.add("--insecure-plaintext");
        return out;
    }
}
