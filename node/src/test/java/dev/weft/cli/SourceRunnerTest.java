package dev.weft.cli;

import static dev.weft.process.Kernel.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.process.Down;
import dev.weft.process.Spawned;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceRunnerTest {
    @TempDir
    Path dir;

    private Down awaitDown(Spawned s) {
        return receive(m -> m instanceof Down d && d.ref().equals(s.ref()) ? d : NO_MATCH, Duration.ofSeconds(30), () -> null);
    }

    @Test
    void aCompactSourceFileRunsInItsOwnProcess() throws Exception {
        Atom name = Atom.of("source_runner_test_parent");
        register(self(), name);
        try {
            Path file = dir.resolve("hello.java");
            Files.writeString(file, """
                    import static dev.weft.process.Kernel.*;
                    import dev.weft.term.*;
                    void main(String[] args) {
                        send(Atom.of("source_runner_test_parent"), Tuple.of(Atom.of("ran"), self(), args[0]));
                    }
                    """);
            Spawned s = SourceRunner.start(file, List.of("arg1"));
            Object got = receive(m -> m instanceof dev.weft.term.Tuple t && t.is(Atom.of("ran"), 3) ? t : NO_MATCH, Duration.ofSeconds(30), () -> null);
            assertNotNull(got);
            assertEquals(s.pid(), ((dev.weft.term.Tuple) got).get(1));
            assertEquals("arg1", ((dev.weft.term.Tuple) got).get(2));
            assertEquals(Atom.NORMAL, awaitDown(s).reason());
        } finally {
            unregister(name);
        }
    }

    @Test
    void aClassicClassWithStaticMainRunsAndItsCrashIsItsExitReason() throws Exception {
        Path file = dir.resolve("Boom.java");
        Files.writeString(file, """
                public class Boom {
                    public static void main(String[] args) { throw new IllegalStateException("boom"); }
                }
                """);
        Spawned s = SourceRunner.start(file, List.of());
        assertInstanceOf(IllegalStateException.class, awaitDown(s).reason());
        Pid me = self();
        assertTrue(alive(me));
    }

    @Test
    void aFileThatDoesNotCompileIsAClearError() throws Exception {
        Path file = dir.resolve("Bad.java");
        Files.writeString(file, "class Bad { void main() { nope(); } }");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SourceRunner.start(file, List.of()));
        assertTrue(e.getMessage().contains("cannot compile") && e.getMessage().contains("nope"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SourceRunner.start(dir.resolve("missing.java"), List.of()));
    }
}
