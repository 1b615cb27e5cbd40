package dev.weft.it;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distribution started in a JVM where processes already run (as {@code Node.start/2} or
 * {@code net_kernel:start} in a running BEAM): they keep their pids, and those work from another node.
 * The program runs through {@code weft run}, whose runner and standard-io processes exist before it
 * starts the node.
 */
class LateStartTest {
    @Test
    void processesThatExistedBeforeNodeStartAreReachableFromOtherNodes(@TempDir Path dir) throws IOException, InterruptedException {
        NodeProcess b = Cluster.b();
        Path program = dir.resolve("Late.java");
        Files.writeString(program, """
                import static dev.weft.process.Kernel.*;
                import dev.weft.dist.*;
                import dev.weft.io.IO;
                import dev.weft.otp.Agent;
                import dev.weft.term.*;
                import java.util.List;

                void main(String[] args) throws Exception {
                    IO.puts("before the node");                        // the standard io server exists now
                    Pid me = self();
                    Pid agent = Agent.start(() -> 41);                 // so does this agent
                    Node.start(NodeConfig.of("late" + ProcessHandle.current().pid() + "@127.0.0.1", 0, args[2]));
                    Atom b = Atom.of(args[0]);
                    Node.connect(b, Integer.parseInt(args[1]));
                    Pid echo = Node.spawn(b, "echo", List.of(me));      // echoes back to a pid made before the start
                    send(echo, Tuple.of("back", agent));
                    Object back = receive(m -> m, java.time.Duration.ofSeconds(20), () -> "nothing");
                    IO.puts("echoed " + back.equals(Tuple.of("back", agent)));
                    Object sum = Rpc.call(b, "add", List.of(1, 1));
                    IO.puts("rpc " + sum);
                    send(echo, Atom.of("stop"));
                }
                """);
        Process p = new ProcessBuilder(NodeProcess.ROOT.resolve("scripts/weft").toString(), "run", program.toString(),
                b.name.name(), String.valueOf(b.port), NodeProcess.COOKIE).redirectErrorStream(true).start();
        assertTrue(p.waitFor(NodeProcess.timeout().toSeconds(), TimeUnit.SECONDS), "weft run did not end");
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, p.exitValue(), String.join("\n", out));
        assertTrue(out.containsAll(List.of("before the node", "echoed true", "rpc 2")), String.join("\n", out));
    }
}
