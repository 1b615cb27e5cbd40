package dev.weft.testing;

import dev.weft.process.ExitException;
import dev.weft.process.Kernel;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Every test starts in a process of its own, as an ExUnit test does: JUnit runs the tests on one
 * thread, and that thread's process may have been told to exit by a test before (a supervisor it
 * linked to shut a linked task down, say). Such an exit is taken here, before and after each test,
 * so the test's first call into the runtime gets a fresh process instead of the exit. Registered
 * for every test by JUnit's extension autodetection (junit-platform.properties).
 */
public final class FreshProcess implements BeforeEachCallback, AfterEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
        settle();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        settle();
    }

    private static void settle() {
        try {
            Kernel.receive(m -> Kernel.NO_MATCH, Duration.ZERO, () -> null);   // takes in what has come, an exit too
        } catch (ExitException e) {
            // the thread's process has ended: its next call into the runtime makes a new one
        }
    }
}
