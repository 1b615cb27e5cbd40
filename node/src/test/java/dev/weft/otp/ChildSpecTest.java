package dev.weft.otp;

import static org.junit.jupiter.api.Assertions.*;

import dev.weft.process.Kernel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChildSpecTest {
    @Test
    void workersAndSupervisorsGetElixirsDefaults() {
        ChildSpec w = ChildSpec.worker("w", () -> Kernel.spawnLink(() -> {}));
        assertEquals(ChildSpec.Restart.PERMANENT, w.restart());
        assertEquals(Duration.ofSeconds(5), w.shutdown());
        assertEquals(ChildSpec.Type.WORKER, w.type());
        ChildSpec s = ChildSpec.supervisor("s", () -> Kernel.spawnLink(() -> {}));
        assertEquals(GenServer.INFINITY, s.shutdown());
        assertEquals(ChildSpec.Type.SUPERVISOR, s.type());
    }

    @Test
    void withersChangeOneField() {
        ChildSpec w = ChildSpec.worker("w", () -> null).withId("v").withRestart(ChildSpec.Restart.TEMPORARY).withShutdown(ChildSpec.BRUTAL_KILL);
        assertEquals("v", w.id());
        assertEquals(ChildSpec.Restart.TEMPORARY, w.restart());
        assertEquals(Duration.ZERO, w.shutdown());
        assertEquals(ChildSpec.Type.SUPERVISOR, w.withType(ChildSpec.Type.SUPERVISOR).type());
    }

    @Test
    void anIncompleteSpecNamesTheChild() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChildSpec.worker("lonely", null));
        assertTrue(e.getMessage().contains("\"lonely\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChildSpec.worker("neg", () -> null).withShutdown(Duration.ofSeconds(-1)));
    }
}
