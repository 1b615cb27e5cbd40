package dev.weft.examples;

import static dev.weft.process.Kernel.*;

import dev.weft.dist.Node;
import dev.weft.dist.Rpc;
import dev.weft.io.FileIO;
import dev.weft.io.IO;
import dev.weft.process.Down;
import dev.weft.process.Spawned;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import java.time.Duration;

/**
 * The two-node tour from the README: a process spawned on another node whose output comes home,
 * an rpc, and a file on the other node written from this one. The other node must allow this
 * class's lambdas and have a file root:
 *
 * <pre>{@code
 * scripts/weft node --name b@127.0.0.1 --port 4371 --file-root /tmp/weft-b --allow-lambdas dev.weft.examples. &
 * scripts/weft node --name a@127.0.0.1 --port 4370 --connect b@127.0.0.1:4371 --halt \
 *     --main dev.weft.examples.RemoteTour b@127.0.0.1
 * }</pre>
 */
public final class RemoteTour {
    private RemoteTour() {}

    public static void main(String[] args) {
        Atom b = Atom.of(args[0]);
        IO.puts("connected to " + Node.list());

        // 1. remote spawn: the process runs on b, keeps our group leader, so its output shows up here
        Spawned remote = Node.spawnMonitor(b, () -> IO.puts("1. hello from " + self() + " running on " + Node.self()));
        Object reason = receive(m -> m instanceof Down d && d.ref().equals(remote.ref()) ? d.reason() : NO_MATCH);
        IO.puts("   the remote process ended " + reason);

        // 2. rpc: run a function there and get its value back
        String there = Rpc.call(b, () -> "2. rpc ran on " + Node.self(), Duration.ofSeconds(5));
        IO.puts(there);

        // 3. a file on b, written from here through its device pid
        Pid file = Node.openFile(b, "notes.txt", FileIO.WRITE);
        IO.write(file, "written on " + b.name() + " from " + Node.self().name() + "\n");
        FileIO.close(file);
        Pid again = Node.openFile(b, "notes.txt", FileIO.READ);
        IO.puts("3. " + file + " is a file on " + file.node().name() + "; it now holds: " + IO.read(again, IO.LINE).toString().strip());
        FileIO.close(again);
    }
}
