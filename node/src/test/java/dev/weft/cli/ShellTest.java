package dev.weft.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShellTest {
    private ByteArrayOutputStream bytes;
    private Shell shell;

    @BeforeEach
    void start() {
        bytes = new ByteArrayOutputStream();
        shell = new Shell(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        shell.close();
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Evaluates {@code source} and returns what it printed. */
    private String eval(String source) {
        int from = output().length();
        shell.eval(source);
        return output().substring(from).strip();
    }

    @Test
    void snippetsRunInOneShellProcess() {
        eval("var me = self()");
        assertEquals("true", eval("self().equals(me)"));
        assertEquals(shell.shellPid().toString(), eval("self()"));
    }

    @Test
    void valuesPrintLikeElixirInspect() {
        assertEquals("{:hello, \"world\"}", eval("Tuple.of(Atom.of(\"hello\"), \"world\")"));
        assertEquals("3", eval("1 + 2"));
    }

    @Test
    void sendReceiveAndFlushWorkAtThePrompt() {
        assertEquals(":hi", eval("send(self(), Atom.of(\"hi\"))"));
        assertEquals(":hi", eval("receive()"));
        eval("send(self(), 42)");
        assertTrue(eval("flush()").endsWith(":ok"));
        assertEquals("\"empty\"", eval("receive(m -> m, Duration.ZERO, () -> \"empty\")"));
    }

    @Test
    void aLinkedCrashKillsTheShellProcessAndAFreshOneTakesOver() {
        String before = eval("self()");
        eval("spawnLink(() -> { throw new RuntimeException(\"boom\"); })");
        await().until(() -> output().contains("shell process exited with reason"));
        assertTrue(output().contains("** (EXIT from " + before + ")"), output());
        await().until(() -> !shell.shellPid().toString().equals(before));
        String after = eval("self()");
        assertNotEquals(before, after);
        assertEquals("3", eval("1 + 2"));
    }

    @Test
    void exceptionsAndCompileErrorsAreReportedAndTheShellGoesOn() {
        assertTrue(eval("Integer.parseInt(\"x\")").startsWith("** (java.lang.NumberFormatException)"));
        assertTrue(eval("undefinedThing()").startsWith("error:"));
        assertEquals("2", eval("1 + 1"));
    }

    @Test
    void runReadsMultiLineInputUntilItEnds() {
        ArrayDeque<String> lines = new ArrayDeque<>(List.of("int twice(int x) {", "  return 2 * x;", "}", "twice(21)"));
        shell.run(prompt -> lines.poll());
        assertTrue(output().contains("42"), output());
    }
}
