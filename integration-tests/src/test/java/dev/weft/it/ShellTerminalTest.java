package dev.weft.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shell, as a user meets it: bare {@code scripts/weft} in a real terminal (a tmux pane). */
class ShellTerminalTest {
    private static final Pattern PID = Pattern.compile("#PID<\\d+\\.\\d+\\.\\d+>");
    private final String session = "weft-shell-" + ProcessHandle.current().pid();

    private static String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("tmux"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }

    private String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", session);
    }

    private void type(String line) throws IOException, InterruptedException {
        tmux("send-keys", "-t", session, "-l", line);
        tmux("send-keys", "-t", session, "Enter");
    }

    private void awaitScreen(String text) {
        await().atMost(Duration.ofSeconds(90)).until(() -> screen().contains(text));
    }

    /** The last pid printed on the screen. */
    private String lastPid() throws IOException, InterruptedException {
        Matcher m = PID.matcher(screen());
        String last = null;
        while (m.find()) last = m.group();
        return last;
    }

    @BeforeEach
    void openShell() throws Exception {
        tmux("new-session", "-d", "-s", session, "-x", "220", "-y", "60",
                "cd " + NodeProcess.ROOT + " && WEFT_JAVA_OPTS=-Xmx256m scripts/weft");
        awaitScreen("weft(weft@127.0.0.1)1>");
    }

    @AfterEach
    void closeShell() throws Exception {
        tmux("kill-session", "-t", session);
    }

    @Test
    void selfSendAndFlushWorkAtThePromptAndALinkedCrashRestartsTheShellProcess() throws Exception {
        type("var me = self()");
        awaitScreen("weft(weft@127.0.0.1)2>");
        String shellPid = lastPid();
        assertNotNull(shellPid);

        type("send(me, Atom.of(\"hi\"))");
        awaitScreen("weft(weft@127.0.0.1)3>");
        type("flush()");
        await().atMost(Duration.ofSeconds(30)).until(() -> screen().matches("(?s).*flush\\(\\)\\s+:hi\\s+:ok.*"));

        type("spawnLink(() -> { throw new RuntimeException(\"boom\"); })");
        awaitScreen("** (EXIT from " + shellPid + ") shell process exited with reason");
        awaitScreen("shell restarted");

        type("self().equals(me)");
        await().atMost(Duration.ofSeconds(30)).until(() -> screen().strip().matches("(?s).*self\\(\\)\\.equals\\(me\\)\\s+false.*"));
    }

    @Test
    void tabCompletesFromWeftsApiAndUpRecallsTheLastLine() throws Exception {
        tmux("send-keys", "-t", session, "-l", "Kernel.registe");
        tmux("send-keys", "-t", session, "Tab");
        awaitScreen("Kernel.register");
        tmux("send-keys", "-t", session, "C-u");
        type("21 * 2");
        awaitScreen("42");
        tmux("send-keys", "-t", session, "Up");
        await().atMost(Duration.ofSeconds(30)).until(() -> screen().strip().endsWith("weft(weft@127.0.0.1)2> 21 * 2"));
    }
}
