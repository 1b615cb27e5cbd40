package dev.weft.it;

import static org.junit.jupiter.api.Assertions.*;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shell, as a user meets it: bare {@code scripts/weft} in a real terminal (a tmux pane). */
class ShellTerminalTest {
    private static final Pattern PID = Pattern.compile("#PID<\\d+\\.\\d+\\.\\d+>");
    private Terminal terminal;

    /** The last pid printed on the screen. */
    private String lastPid() {
        Matcher m = PID.matcher(terminal.screen());
        String last = null;
        while (m.find()) last = m.group();
        return last;
    }

    @BeforeEach
    void openShell() {
        terminal = new Terminal("weft-shell", "WEFT_JAVA_OPTS=-Xmx256m scripts/weft");
        terminal.awaitScreen("weft(weft@127.0.0.1)1>");
    }

    @AfterEach
    void closeShell() {
        terminal.close();
    }

    @Test
    void selfSendAndFlushWorkAtThePromptAndALinkedCrashRestartsTheShellProcess() {
        terminal.type("var me = self()");
        terminal.awaitScreen("weft(weft@127.0.0.1)2>");
        String shellPid = lastPid();
        assertNotNull(shellPid);

        terminal.type("send(me, Atom.of(\"hi\"))");
        terminal.awaitScreen("weft(weft@127.0.0.1)3>");
        terminal.type("flush()");
        terminal.awaitScreen("flush's :hi and :ok", screen -> screen.matches("(?s).*flush\\(\\)\\s+:hi\\s+:ok.*"));

        terminal.type("spawnLink(() -> { throw new RuntimeException(\"boom\"); })");
        terminal.awaitScreen("** (EXIT from " + shellPid + ") shell process exited with reason");
        terminal.awaitScreen("shell restarted");

        terminal.type("self().equals(me)");
        terminal.awaitScreen("false for self().equals(me)", screen -> screen.strip().matches("(?s).*self\\(\\)\\.equals\\(me\\)\\s+false.*"));
    }

    @Test
    void tabCompletesFromWeftsApiAndUpRecallsTheLastLine() {
        terminal.text("Kernel.registe");
        terminal.keys("Tab");
        terminal.awaitScreen("Kernel.register");
        terminal.keys("C-u");
        terminal.type("21 * 2");
        terminal.awaitScreen("the result and the next prompt", screen -> screen.matches("(?s).*\\n42\\s+weft\\(weft@127\\.0\\.0\\.1\\)2>.*"));
        terminal.keys("Up");   // only once the line editor reads again: typed while the line ran, it would be echoed as ^[[A
        terminal.awaitScreen("the last line recalled at the prompt", screen -> screen.strip().endsWith("weft(weft@127.0.0.1)2> 21 * 2"));
    }
}
