package dev.weft.it;

import dev.weft.dist.Node;
import dev.weft.dist.Rpc;
import dev.weft.io.IO;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import java.time.Duration;
import java.util.List;

/** A program run by {@code weft node --main}: spawns an echo on node {@code args[0]}, sends it a message, and prints what came back and an rpc's answer. */
public final class TlsPeerMain {
    private TlsPeerMain() {}

    public static void main(String[] args) {
        Atom peer = Atom.of(args[0]);
        Pid echo = Node.spawn(peer, "echo", List.of(Kernel.self()));
        Kernel.send(echo, "over TLS");
        Object back = Kernel.receive(m -> m, Duration.ofSeconds(20), () -> "nothing");
        IO.puts("echoed " + back + " from " + echo.node().name() + ", rpc " + Rpc.call(peer, "add", List.of(1, 2)));
        Kernel.send(echo, Fns.STOP);
    }
}
