package dev.weft.otp;

import dev.weft.process.ExitException;
import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.List;

/**
 * A supervisor that starts no children itself and takes them one by one, at run time: Elixir's
 * {@code DynamicSupervisor}. Children are restarted one for one, by their spec's restart type,
 * within the restart intensity (default 3 in 5 s; past it the supervisor exits with
 * {@code :shutdown}); {@code maxChildren} caps how many run at once.
 *
 * <pre>{@code
 * Pid sup = DynamicSupervisor.startLink();
 * Pid agent = DynamicSupervisor.startChild(sup, ChildSpec.worker("ignored", () -> Agent.startLink(() -> 0)));
 * DynamicSupervisor.countChildren(sup).active();        // 1
 * DynamicSupervisor.terminateChild(sup, agent);
 * }</pre>
 *
 * <p>Children are known by pid (a spec's id is not used). When the supervisor stops, it stops all
 * its children at once, each within its own shutdown time, as Elixir's does. Misuse (a pid
 * that is not its child) throws {@link IllegalArgumentException}; a failed start, or
 * {@code :max_children}, throws {@link ExitException} with the reason.
 */
public final class DynamicSupervisor {
    private DynamicSupervisor() {}

    /** Starts a dynamic supervisor linked to the caller: unlimited children, 3 restarts in 5 s. */
    public static Pid startLink() {
        return startLink(null);
    }

    /** Starts a dynamic supervisor registered as {@code name} (null for none), linked to the caller: unlimited children, 3 restarts in 5 s. */
    public static Pid startLink(Object name) {
        return startLink(name, Integer.MAX_VALUE, 3, Duration.ofSeconds(5));
    }

    /** Starts a dynamic supervisor registered as {@code name} (null for none), linked to the caller. */
    public static Pid startLink(Object name, int maxChildren, int maxRestarts, Duration maxSeconds) {
        if (maxChildren < 0) throw new IllegalArgumentException("maxChildren must be >= 0, got " + maxChildren + " for " + Inspect.inspect(name));
        return GenServer.startLink(new DynamicServer(name, maxChildren, new Children.Intensity(maxRestarts, maxSeconds)), name);
    }

    /** Starts a child from {@code spec}: its pid, or null for {@code :ignore}. */
    public static Pid startChild(Object supervisor, ChildSpec spec) {
        return Supervisor.started(GenServer.call(supervisor, new DynamicServer.StartChild(spec), GenServer.INFINITY));
    }

    /** Stops child {@code pid} (it is not restarted). */
    public static void terminateChild(Object supervisor, Pid pid) {
        Object r = GenServer.call(supervisor, new DynamicServer.TerminateChild(pid), GenServer.INFINITY);
        if (r instanceof Tuple t && t.is(Atom.ERROR, 2)) {
            throw new IllegalArgumentException(pid + " is not a child of supervisor " + Inspect.inspect(supervisor));
        }
    }

    /** The running children, oldest first; their ids are {@code :undefined}. */
    public static List<Supervisor.Child> whichChildren(Object supervisor) {
        return GenServer.call(supervisor, SupervisorServer.Query.WHICH_CHILDREN, GenServer.INFINITY);
    }

    public static Supervisor.Counts countChildren(Object supervisor) {
        return GenServer.call(supervisor, SupervisorServer.Query.COUNT_CHILDREN, GenServer.INFINITY);
    }

    /** Stops the supervisor and its children with {@code :normal}. */
    public static void stop(Object supervisor) {
        GenServer.stop(supervisor);
    }

    /** Stops the supervisor with {@code reason}, its children first, waiting up to {@code timeout}: {@link GenServer#stop(Object, Object, Duration)}. */
    public static void stop(Object supervisor, Object reason, Duration timeout) {
        GenServer.stop(supervisor, reason, timeout);
    }
}
