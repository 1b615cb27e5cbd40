package dev.weft.it;

import static dev.weft.process.Kernel.*;

import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;

/** Functions the test nodes export (see {@link NodeProcess#start}); they run on the remote node. */
public final class Fns {
    static final Atom STOP = Atom.of("stop");

    private Fns() {}

    /** Sends every message it gets to {@code to}, in order, until {@code :stop}. */
    public static void echo(Pid to) {
        for (Object m = receive(); !STOP.equals(m); m = receive()) send(to, m);
    }

    public static Object add(Integer a, Integer b) {
        return a + b;
    }

    public static void crash(String why) {
        throw new IllegalStateException(why);
    }

    public static void waitForever() {
        receive(m -> NO_MATCH);
    }

    /** Traps exits and reports every message (exit signals included) to {@code to}. */
    public static void trapAndReport(Pid to) {
        trapExit(true);
        send(to, Tuple.of(Atom.of("trapping"), self()));
        echo(to);
    }

    /** Registers as {@code name}, says so to {@code to}, then echoes to it. */
    public static void registerAndEcho(Atom name, Pid to) {
        register(self(), name);
        send(to, Tuple.of(Atom.of("registered"), self()));
        echo(to);
    }

    /** Starts an unlinked Agent here and sends {@code {:agent, pid}} to {@code to}. */
    public static void startAgent(Pid to) {
        send(to, Tuple.of(Atom.of("agent"), dev.weft.otp.Agent.start(() -> 0)));
    }
}
