package dev.weft.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A command running in a real terminal (a detached tmux pane), typed at and read like a user would. */
final class Terminal implements AutoCloseable {
    private final String session;

    /** Sessions made by this JVM: each terminal gets a name of its own. */
    private static final java.util.concurrent.atomic.AtomicInteger MADE = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * Starts {@code command} from the repository root in a new 220x60 pane. Each terminal's session has
     * a name of its own: a test that reused the previous test's name could race tmux still tearing
     * that session down, and then typed into nothing.
     */
    Terminal(String name, String command) {
        this.session = name + "-" + ProcessHandle.current().pid() + "-" + MADE.incrementAndGet();
        String out = tmux("new-session", "-d", "-s", session, "-x", "220", "-y", "60", "cd " + NodeProcess.ROOT + " && " + command);
        assertTrue(out.isBlank(), "tmux could not open session " + session + ": " + out);
    }

    private static String tmux(String... args) {
        List<String> cmd = new ArrayList<>(List.of("tmux"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("tmux is needed for the terminal tests (apt-get install -y tmux)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the pane shows, with up to 200 lines of history. */
    String screen() {
        return tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", session);
    }

    /** Types {@code text} literally, without pressing Enter. */
    void text(String text) {
        tmux("send-keys", "-t", session, "-l", text);
    }

    /** Presses keys by tmux name: {@code Enter}, {@code Tab}, {@code Up}, {@code C-c}, {@code C-u}. */
    void keys(String... keys) {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Types {@code line} and presses Enter. */
    void type(String line) {
        text(line);
        keys("Enter");
    }

    /** Waits for {@code text} on the screen; a failure shows what the screen held instead. */
    void awaitScreen(String text) {
        awaitScreen("\"" + text + "\"", screen -> screen.contains(text));
    }

    /** Waits until the screen, as {@link #screen} gives it, satisfies {@code test} ({@code what} names it if it never does). */
    void awaitScreen(String what, java.util.function.Predicate<String> test) {
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> test.test(screen()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no " + what + " on the screen of " + session + " within 90 s; it shows:\n" + screen(), e);
        }
    }

    @Override
    public void close() {
        tmux("kill-session", "-t", session);
    }
}
