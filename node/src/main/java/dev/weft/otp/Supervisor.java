package dev.weft.otp;

import dev.weft.process.ExitException;
import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A process that starts children from {@link ChildSpec}s and restarts them when they exit:
 * Elixir's {@code Supervisor}. Children start in order, each linked to the supervisor, and stop in
 * reverse order. A strategy says what else restarts with a child: only it
 * ({@link Strategy#ONE_FOR_ONE}), all ({@link Strategy#ONE_FOR_ALL}), or it and those started after
 * it ({@link Strategy#REST_FOR_ONE}). More than {@code maxRestarts} restarts within
 * {@code maxSeconds} (default 3 in 5 s) and the supervisor stops its children and exits with
 * {@code :shutdown}.
 *
 * <pre>{@code
 * Pid sup = Supervisor.startLink(List.of(
 *         Registry.childSpec(Registry.Keys.UNIQUE, Atom.of("names")),
 *         ChildSpec.worker("counter", () -> Agent.startLink(() -> 0, Atom.of("counter")))),
 *     Supervisor.Strategy.ONE_FOR_ONE);
 * Kernel.exit(Kernel.whereis(Atom.of("counter")), Atom.KILL);     // restarted, state 0 again
 * Supervisor.countChildren(sup);                                   // %Counts{specs: 2, active: 2, ...}
 * }</pre>
 *
 * <p>The supervisor traps exits; when its parent (the caller of {@code startLink}) exits, it stops
 * its children and exits with the same reason. A supervisor is named like a GenServer (pid, Atom,
 * {@link ViaName} ({@link Registry.Via}, {@code Global.Name})); the functions below are calls to it and exit as {@link GenServer#call}
 * does if it is not there. Misuse (an unknown child id, deleting a running child) throws
 * {@link IllegalArgumentException}; a child that fails to start throws {@link ExitException} with
 * its reason.
 */
public final class Supervisor {
    private static final Set<Atom> MISUSE = Set.of(Atom.of("not_found"), Atom.of("running"), Atom.of("restarting"));

    private Supervisor() {}

    /** Which children restart when one exits and is to be restarted. */
    public enum Strategy { ONE_FOR_ONE, ONE_FOR_ALL, REST_FOR_ONE }

    /** One child, as {@link #whichChildren} shows it; {@code pid} is null when it is not running. */
    public record Child(Object id, Pid pid, ChildSpec.Type type) {}

    /** What {@link #countChildren} returns: specs, running children, and specs by type. */
    public record Counts(int specs, int active, int supervisors, int workers) {}

    /** Starts a supervisor of {@code children} linked to the caller, restarting at most 3 times in 5 s. */
    public static Pid startLink(List<ChildSpec> children, Strategy strategy) {
        return startLink(null, children, strategy);
    }

    /**
     * Starts a supervisor of {@code children} registered as {@code name} (null for none), linked to
     * the caller, restarting at most 3 times in 5 s: {@code Supervisor.start_link(children,
     * strategy: s, name: name)}.
     */
    public static Pid startLink(Object name, List<ChildSpec> children, Strategy strategy) {
        return startLink(name, children, strategy, 3, Duration.ofSeconds(5));
    }

    /**
     * Starts a supervisor registered as {@code name} (null for none), linked to the caller. Returns
     * once every child has started; if one fails, the ones started are stopped and this throws
     * {@link ExitException} with {@code {:shutdown, {:failed_to_start_child, id, reason}}}; two
     * children with the same id, with {@code {:start_spec, {:duplicate_child_name, id}}}. As on
     * OTP 25, the link also delivers that exit: trap exits to survive it.
     */
    public static Pid startLink(Object name, List<ChildSpec> children, Strategy strategy, int maxRestarts, Duration maxSeconds) {
        if (strategy == null) throw new IllegalArgumentException("a supervisor needs a strategy (children " + children + ")");
        var intensity = new Children.Intensity(maxRestarts, maxSeconds);
        return GenServer.startLink(new SupervisorServer(name, List.copyOf(children), strategy, intensity), name);
    }

    /** Adds {@code spec} and starts it: its pid, or null for {@code :ignore}. */
    public static Pid startChild(Object supervisor, ChildSpec spec) {
        return started(GenServer.call(supervisor, new SupervisorServer.StartChild(spec), GenServer.INFINITY));
    }

    /** Stops the child {@code id}; its spec stays, except for a temporary child. */
    public static void terminateChild(Object supervisor, Object id) {
        checked(supervisor, id, GenServer.call(supervisor, new SupervisorServer.TerminateChild(id), GenServer.INFINITY));
    }

    /** Starts again the stopped child {@code id}: its pid, or null for {@code :ignore}. */
    public static Pid restartChild(Object supervisor, Object id) {
        return started(checked(supervisor, id, GenServer.call(supervisor, new SupervisorServer.RestartChild(id), GenServer.INFINITY)));
    }

    /** Removes the spec of the stopped child {@code id}. */
    public static void deleteChild(Object supervisor, Object id) {
        checked(supervisor, id, GenServer.call(supervisor, new SupervisorServer.DeleteChild(id), GenServer.INFINITY));
    }

    /** The children, the last started first (as OTP lists them). */
    public static List<Child> whichChildren(Object supervisor) {
        return GenServer.call(supervisor, SupervisorServer.Query.WHICH_CHILDREN, GenServer.INFINITY);
    }

    public static Counts countChildren(Object supervisor) {
        return GenServer.call(supervisor, SupervisorServer.Query.COUNT_CHILDREN, GenServer.INFINITY);
    }

    /** Stops the supervisor and its children (in reverse start order) with {@code :normal}. */
    public static void stop(Object supervisor) {
        GenServer.stop(supervisor);
    }

    /**
     * Stops the supervisor with {@code reason}, its children first (in reverse start order, each
     * with {@code :shutdown}), waiting up to {@code timeout}: {@link GenServer#stop(Object, Object, Duration)}.
     */
    public static void stop(Object supervisor, Object reason, Duration timeout) {
        GenServer.stop(supervisor, reason, timeout);
    }

    /** A call's reply: a pid or null; {@code {:error, reason}} throws {@link ExitException}. */
    static Pid started(Object reply) {
        if (reply instanceof Tuple t && t.is(Atom.ERROR, 2)) throw new ExitException(t.get(1));
        return (Pid) reply;
    }

    /** Misuse errors ({@code :not_found}, {@code :running}, {@code :restarting}) as IllegalArgumentException. */
    private static Object checked(Object supervisor, Object id, Object reply) {
        if (reply instanceof Tuple t && t.is(Atom.ERROR, 2) && t.get(1) instanceof Atom why && MISUSE.contains(why)) {
            throw new IllegalArgumentException("supervisor " + Inspect.inspect(supervisor) + " cannot do that to child "
                    + Inspect.inspect(id) + ": " + why);
        }
        return reply;
    }
}
