package dev.weft.it;

import static dev.weft.process.Kernel.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.dist.Node;
import dev.weft.process.Down;
import dev.weft.process.Spawned;
import dev.weft.testing.Logs;
import java.util.List;
import java.util.Optional;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * Where the crash of a remotely spawned process is reported. It spawns only exported functions: node b
 * cannot load this class (it uses the node module's test helpers, which b does not have).
 */
class RemoteCrashReportTest {
    @Test
    void aCrashOnTheOtherNodeIsReportedOnTheNodeOfItsGroupLeader() {
        // On the BEAM, the error report of a process spawned from node a that crashes on b is logged on a
        // (logger forwards it to the group leader's node), not on b.
        NodeProcess b = Cluster.b();
        try (Logs logs = Logs.capture("dev.weft.process")) {
            Spawned s = Node.spawnMonitor(b.name, "crash", List.of("boom on b"));
            receive(m -> m instanceof Down d && d.ref().equals(s.ref()) ? d : NO_MATCH, NodeProcess.timeout(), () -> null);
            String report = await().atMost(NodeProcess.timeout()).until(
                    () -> logs.records().stream().map(LogRecord::getMessage).filter(m -> m.contains(s.pid().toString())).findFirst(),
                    Optional::isPresent).orElseThrow();
            assertTrue(report.startsWith("Process " + s.pid() + " on node b@127.0.0.1 raised an exception"), report);
            assertTrue(report.contains("java.lang.IllegalStateException: boom on b"), report);
        }
        assertTrue(b.stderr.stream().noneMatch(line -> line.contains("boom on b")), String.join("\n", b.stderr));
    }
}
