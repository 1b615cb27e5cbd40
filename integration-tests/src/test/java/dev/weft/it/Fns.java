package dev.weft.it;

import static dev.weft.process.Kernel.*;

import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.util.List;

/** Functions the test nodes export (see {@link NodeProcess#start}); they run on the remote node. */
public final class Fns {
    static final Atom STOP = Atom.of("stop");

    private Fns() {}

    /** Sends every message it gets to {@code to}, in order, until {@code :stop}. */
    public static void echo(Pid to) {
        for (Object m = receive(); !STOP.equals(m); m = receive()) send(to, m);
    }

    /** Sends {@code msg} to {@code alias}, then {@code :marker} to {@code to}: a lambda the test nodes can load. */
    static dev.weft.dist.Node.Fn sendThenMark(dev.weft.term.Ref alias, Object msg, Pid to) {
        return () -> {
            send(alias, msg);
            send(to, Atom.of("marker"));
        };
    }

    /** Starts a one-for-one supervisor of one waiting worker, registered as {@code name}, tells {@code to}, and stays its parent. */
    static dev.weft.dist.Node.Fn superviseOne(Atom name, Pid to) {
        return () -> {
            var worker = dev.weft.otp.ChildSpec.worker(Atom.of("worker"), () -> spawnLink(() -> receive()));
            send(to, Tuple.of(Atom.of("supervisor"), dev.weft.otp.Supervisor.startLink(name, List.of(worker),
                    dev.weft.otp.Supervisor.Strategy.ONE_FOR_ONE, 3, java.time.Duration.ofSeconds(5))));
            receive();
        };
    }

    /** Sends {@code {:seen, pid}} to {@code to}: who holds the global {@code name} as this node sees it (null: nobody). */
    static dev.weft.dist.Node.Fn whereisGlobal(Object name, Pid to) {
        return () -> send(to, Tuple.of(Atom.of("seen"), dev.weft.dist.Global.whereisName(name)));
    }

    /** Starts a {@link Pong} server named {@code {:global, name}}, sends {@code {:server, pid}} to {@code to}, and stays (unlinked). */
    static dev.weft.dist.Node.Fn startGlobalServer(Object name, Pid to) {
        return () -> send(to, Tuple.of(Atom.of("server"), dev.weft.otp.GenServer.start(new Pong(to), dev.weft.dist.Global.name(name))));
    }

    /** Joins {@code group} (:pg), sends {@code {:joined, self()}} to {@code to}, leaves on {@code :leave}, and waits. */
    static dev.weft.dist.Node.Fn joinAndWait(Atom group, Pid to) {
        return () -> {
            dev.weft.dist.Pg.join(group, self());
            send(to, Tuple.of(Atom.of("joined"), self()));
            if (Atom.of("leave").equals(receive())) dev.weft.dist.Pg.leave(group, self());
            receive();
        };
    }

    /**
     * Starts the :pg scope {@code scope} here (unlinked), joins {@code group} in it, and once it sees
     * {@code n} members sends {@code {:scoped, self(), server, members}} to {@code to} (or after 10 s); then waits.
     */
    static dev.weft.dist.Node.Fn startScopeAndJoin(Atom scope, Atom group, int n, Pid to) {
        return () -> {
            Pid server = dev.weft.dist.Pg.start(scope);
            dev.weft.dist.Pg.join(scope, group, self());
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (dev.weft.dist.Pg.getMembers(scope, group).size() < n && System.nanoTime() < deadline) {
                receive(m -> NO_MATCH, java.time.Duration.ofMillis(20), () -> null);   // looks again every 20 ms
            }
            send(to, Tuple.of(Atom.of("scoped"), self(), server, dev.weft.dist.Pg.getMembers(scope, group)));
            receive();
        };
    }

    /** Sends {@code {:members, list}} to {@code to} once {@code group} has {@code n} members as this node sees them (or after 10 s). */
    static dev.weft.dist.Node.Fn membersOnceThere(Atom group, int n, Pid to) {
        return () -> {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (dev.weft.dist.Pg.getMembers(group).size() < n && System.nanoTime() < deadline) {
                receive(m -> NO_MATCH, java.time.Duration.ofMillis(20), () -> null);   // looks again every 20 ms
            }
            send(to, Tuple.of(Atom.of("members"), dev.weft.dist.Pg.getMembers(group)));
        };
    }

    /** Starts an agent holding 0 registered as {@code name}, tells {@code to}, and stays (the agent is unlinked). */
    static dev.weft.dist.Node.Fn startNamedAgent(Atom name, Pid to) {
        return () -> send(to, Tuple.of(Atom.of("agent"), dev.weft.otp.Agent.start(() -> 0, name)));
    }

    /** Starts a task supervisor registered as {@code name}, tells {@code to}, and stays its parent. */
    static dev.weft.dist.Node.Fn startTaskSupervisor(Atom name, Pid to) {
        return () -> {
            send(to, Tuple.of(Atom.of("task_supervisor"), dev.weft.otp.TaskSupervisor.startLink(name)));
            receive();
        };
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

    /** A server that answers a call with {@code {:pong, request}} and passes each cast on to {@code to}. */
    record Pong(Pid to) implements dev.weft.otp.GenServer<Pid> {
        @Override
        public Init<Pid> init() {
            return new Ok<>(to);
        }

        @Override
        public Result<Pid> handleCall(Object request, From from, Pid state) {
            return new Reply<>(Tuple.of(Atom.of("pong"), request), state);
        }

        @Override
        public Result<Pid> handleCast(Object request, Pid state) {
            send(state, request);
            return new NoReply<>(state);
        }
    }

    /** Starts a {@link Pong} server registered as {@code name} and sends {@code {:server, pid}} to {@code to}. */
    public static void startNamedServer(Atom name, Pid to) {
        send(to, Tuple.of(Atom.of("server"), dev.weft.otp.GenServer.start(new Pong(to), name)));
    }

    /** Starts an unlinked Agent here and sends {@code {:agent, pid}} to {@code to}. */
    public static void startAgent(Pid to) {
        send(to, Tuple.of(Atom.of("agent"), dev.weft.otp.Agent.start(() -> 0)));
    }
}
