package dev.weft.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.cli.Shell;
import dev.weft.io.StringIO;
import dev.weft.term.Pid;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code weft remsh}: a shell whose process lives on another node, with its IO coming home. */
class RemshTest {
    private static NodeProcess r;

    @BeforeAll
    static void start() {
        r = Cluster.started("remsh", "--allow-remsh");
    }

    @AfterAll
    static void stop() {
        r.close();
    }

    @Test
    void snippetsRunInAProcessOnTheRemoteNodeAndItsOutputComesHome() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Pid home = StringIO.open("");
        try (Shell shell = Shell.remote(new PrintStream(bytes, true, StandardCharsets.UTF_8), r.name, home)) {
            shell.eval("Node.self()");
            assertTrue(bytes.toString(StandardCharsets.UTF_8).contains(":\"remsh@127.0.0.1\""), bytes.toString(StandardCharsets.UTF_8));
            assertEquals(r.name, shell.shellPid().node());

            shell.eval("IO.puts(\"hi from \" + Node.self().name() + \" in \" + self())");
            assertTrue(StringIO.flush(home).startsWith("hi from remsh@127.0.0.1 in #PID<"));

            shell.eval("var me = self()");
            shell.eval("send(me, Atom.of(\"ping\"))");
            shell.eval("receive()");
            assertTrue(bytes.toString(StandardCharsets.UTF_8).contains(":ping\n:ping"), bytes.toString(StandardCharsets.UTF_8));

            Pid before = shell.shellPid();
            shell.eval("exit(self(), Atom.KILL)");
            await().until(() -> bytes.toString(StandardCharsets.UTF_8).contains("** (EXIT from " + before + ") shell process exited with reason: :killed"));
            bytes.reset();
            shell.eval("1 + 2");
            assertEquals("3", bytes.toString(StandardCharsets.UTF_8).strip());
            assertNotEquals(before, shell.shellPid());
        }
    }

    @Test
    void aNodeWithoutAllowRemshRefusesIt() {
        NodeProcess plain = Cluster.b();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Exception e = assertThrows(Exception.class, () -> Shell.remote(new PrintStream(bytes), plain.name, StringIO.open("")).close());
        assertTrue(e.getMessage().contains("weft_remsh") || e.getMessage().contains("spawn_refused"), e.getMessage());
    }
}
