package dev.weft.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.weft.process.Down;
import dev.weft.process.Kernel;
import dev.weft.process.Spawned;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import java.time.Duration;

/** Helpers shared by the io tests. */
final class IoTesting {
    private IoTesting() {}

    /** Runs {@code body} in a new process whose group leader is {@code leader}, and rethrows what it threw. */
    static void runWithGroupLeader(Pid leader, Runnable body) {
        Spawned s = Kernel.spawnMonitor(() -> {
            Kernel.groupLeader(leader, Kernel.self());
            body.run();
        });
        Object reason = awaitDown(s).reason();
        if (reason instanceof RuntimeException e) throw e;
        if (reason instanceof Error e) throw e;
        assertEquals(Atom.NORMAL, reason);
    }

    static Down awaitDown(Spawned s) {
        Down d = Kernel.receive(s.ref(), m -> m instanceof Down x && x.ref().equals(s.ref()) ? x : Kernel.NO_MATCH,
                Duration.ofSeconds(10), () -> null);
        assertNotNull(d, "no DOWN from " + s.pid());
        return d;
    }
}
