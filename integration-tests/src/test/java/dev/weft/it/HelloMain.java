package dev.weft.it;

import dev.weft.dist.Node;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.List;

/** A program run by {@code weft node --main}: waits until the mesh reaches node {@code args[0]}, then greets it. */
public final class HelloMain {
    private HelloMain() {}

    public static void main(String[] args) {
        Atom target = Atom.of(args[0]);
        while (!Node.list().contains(target)) Kernel.sleep(Duration.ofMillis(20));
        Kernel.send(Atom.of("it_inbox"), target, Tuple.of(Atom.of("hello_from_main"), Node.self(), List.of(args)));
    }
}
