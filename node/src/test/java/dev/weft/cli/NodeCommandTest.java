package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.weft.dist.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NodeCommandTest {
    @Test
    void tickTimesReadAsSecondsMillisecondsOrIso() {
        assertEquals(Duration.ofSeconds(15), NodeCommand.duration("15s"));
        assertEquals(Duration.ofMillis(1500), NodeCommand.duration("1.5s"));
        assertEquals(Duration.ofMillis(500), NodeCommand.duration("500ms"));
        assertEquals(Duration.ofMinutes(2), NodeCommand.duration("2m"));
        assertEquals(Duration.ofSeconds(3), NodeCommand.duration("PT3S"));
    }

    @Test
    void theNodeCommandNeedsAName() {
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new java.io.PrintWriter(java.io.Writer.nullWriter()));
        assertEquals(2, cli.execute("node", "--port", "1"));
    }

    @Test
    void aNodeOnAnotherHostWithoutTlsSaysInOneLineHowToListenThere() {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new java.io.PrintWriter(err));
        assertEquals(1, cli.execute("node", "--name", "a@203.0.113.1", "--port", "0", "--cookie", "0123456789abcdef0123"));
        String said = err.toString();
        assertTrue(said.startsWith("weft: node a@203.0.113.1 would listen on 203.0.113.1, which is not a loopback address, without TLS."), said);
        assertTrue(said.contains("--tls-keystore FILE --tls-truststore FILE --tls-password-file FILE") && said.contains("--insecure-plaintext"), said);
        assertEquals(1, said.lines().count(), said);
    }

    @Test
    void theTlsOptionsGoTogetherAndThePasswordComesFromAFile(@TempDir Path dir) throws Exception {
        NodeConfig plain = NodeConfig.of("a@127.0.0.1", 0, "0123456789abcdef0123");
        NodeCommand half = parse("--tls-keystore", "k.p12", "--tls-truststore", "t.p12");
        assertEquals("TLS takes all three of --tls-keystore, --tls-truststore and --tls-password-file",
                assertThrows(IllegalArgumentException.class, () -> half.tls.apply(plain)).getMessage());
        Path empty = Files.createFile(dir.resolve("empty.pass"));
        NodeCommand noPassword = parse("--tls-keystore", "k.p12", "--tls-truststore", "t.p12", "--tls-password-file", empty.toString());
        assertEquals("--tls-password-file " + empty + " is empty", assertThrows(IllegalArgumentException.class, () -> noPassword.tls.apply(plain)).getMessage());
        NodeCommand missingStore = parse("--tls-keystore", "k.p12", "--tls-truststore", "t.p12", "--tls-password-file",
                Files.writeString(dir.resolve("weft.pass"), "secret\n").toString());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> missingStore.tls.apply(plain)).getMessage().contains("TLS key store k.p12 does not exist"));
        assertEquals(List.of("--tls-keystore", "k.p12", "--tls-truststore", "t.p12", "--tls-password-file", empty.toString()), noPassword.tls.args());
        NodeCommand optIn = parse("--insecure-plaintext");
        assertTrue(optIn.tls.apply(plain).insecurePlaintext());
        assertEquals(List.of("--insecure-plaintext"), optIn.tls.args());
        assertEquals(plain, parse().tls.apply(plain));
    }

    private static NodeCommand parse(String... tlsOptions) {
        NodeCommand node = new NodeCommand();
        List<String> args = new java.util.ArrayList<>(List.of("--name", "a@127.0.0.1"));
        args.addAll(List.of(tlsOptions));
        new CommandLine(node).parseArgs(args.toArray(String[]::new));
        return node;
    }

    @Test
    void aCookieIsMadeOnceWithOwnerOnlyPermissionsAndReadBackAfter(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".weft.cookie");
        String cookie = CookieFile.readOrCreate(file);
        assertEquals(64, cookie.length());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(cookie, CookieFile.readOrCreate(file));
    }
}
