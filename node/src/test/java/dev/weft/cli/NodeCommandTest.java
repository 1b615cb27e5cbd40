package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
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
    void aCookieIsMadeOnceWithOwnerOnlyPermissionsAndReadBackAfter(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".weft.cookie");
        String cookie = CookieFile.readOrCreate(file);
        assertEquals(64, cookie.length());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(cookie, CookieFile.readOrCreate(file));
    }
}
