// The processes tour: Elixir's "Processes" guide, cell by cell, in Java.
// Run it: scripts/weft run scripts/examples/processes.java
import static dev.weft.process.Kernel.*;

import dev.weft.io.IO;
import dev.weft.process.*;
import dev.weft.term.*;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

static final Atom GET = Atom.of("get"), PUT = Atom.of("put");

/** The guide's KV store: a receive loop that keeps its state in a map. */
static void kvLoop(Map<Object, Object> map) {
    for (;;) {
        Tuple msg = receive(m -> m instanceof Tuple t && (t.is(GET, 3) || t.is(PUT, 3)) ? t : NO_MATCH);
        if (msg.is(GET, 3)) send((Pid) msg.get(2), Tuple.of(Atom.of("value"), map.get(msg.get(1))));
        else map.put(msg.get(1), msg.get(2));
    }
}

static Object down(Spawned s) {
    return receive(m -> m instanceof Down d && d.ref().equals(s.ref()) ? d.reason() : NO_MATCH);
}

void main() {
    // spawn/1 and Process.alive?/1
    Spawned adder = spawnMonitor(() -> { int three = 1 + 2; });
    down(adder);
    IO.puts("1. spawned " + adder.pid() + ", alive after it added 1 + 2: " + alive(adder.pid()));

    // send/2 and receive
    send(self(), Tuple.of(Atom.of("hello"), "world"));
    String world = receive(m -> m instanceof Tuple t && t.is(Atom.of("hello"), 2) ? (String) t.get(1) : NO_MATCH);
    IO.puts("2. received " + Inspect.inspect(world));

    // receive ... after 1_000
    String none = receive(m -> NO_MATCH, Duration.ofSeconds(1), () -> "nothing after 1s");
    IO.puts("3. " + none);

    // a child sends {:hello, its pid} to its parent
    Pid parent = self();
    Pid child = spawn(() -> send(parent, Tuple.of(Atom.of("hello"), self())));
    Pid from = receive(m -> m instanceof Tuple t && t.is(Atom.of("hello"), 2) ? (Pid) t.get(1) : NO_MATCH);
    IO.puts("4. got hello from " + from + " (the child: " + from.equals(child) + ")");

    // flush/0 prints what is in the mailbox
    send(self(), Atom.of("one"));
    send(self(), Tuple.of(Atom.of("two"), 2));
    IO.puts("5. flush:");
    flush();

    // a crash is logged and nobody else is hurt
    Spawned crasher = spawnMonitor(() -> { throw new ArithmeticException("bad argument in arithmetic expression"); });
    IO.puts("6. the crashed process ended with " + Inspect.inspect(down(crasher)) + "; I am still alive: " + alive(self()));

    // spawn_link: the crash reaches the linked caller (here it traps exits, so it becomes a message)
    trapExit(true);
    Pid linked = spawnLink(() -> { throw new IllegalStateException("oops"); });
    Exit exit = receive(m -> m instanceof Exit e && e.from().equals(linked) ? e : NO_MATCH);
    IO.puts("7. linked crash arrived as {:EXIT, pid, reason} with " + Inspect.inspect(exit.reason()));
    trapExit(false);

    // the KV store, registered as :kv
    Pid kv = spawn(() -> kvLoop(new HashMap<>()));
    register(kv, Atom.of("kv"));
    send(Atom.of("kv"), Tuple.of(PUT, Atom.of("hello"), Atom.of("world")));
    send(Atom.of("kv"), Tuple.of(GET, Atom.of("hello"), self()));
    Object value = receive(m -> m instanceof Tuple t && t.is(Atom.of("value"), 2) ? t.get(1) : NO_MATCH);
    IO.puts("8. :kv says :hello is " + Inspect.inspect(value));
    exit(kv, Atom.KILL);
}
