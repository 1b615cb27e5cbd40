package dev.weft.otp;

import dev.weft.process.ExitException;
import dev.weft.term.Inspect;
import dev.weft.term.Pid;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * How a supervisor starts, restarts and stops one child: Elixir's child specification map.
 *
 * <pre>{@code
 * ChildSpec counter = ChildSpec.worker("counter", () -> Agent.startLink(() -> 0))
 *         .withRestart(ChildSpec.Restart.TRANSIENT)
 *         .withShutdown(Duration.ofSeconds(1));
 * Pid sup = Supervisor.startLink(List.of(counter), Supervisor.Strategy.ONE_FOR_ONE);
 * }</pre>
 *
 * @param id       the child's name within its supervisor (any term; unique there)
 * @param start    starts the child linked to the caller (the supervisor) and returns its pid;
 *                 null means {@code :ignore}; an {@link ExitException} or other exception means
 *                 {@code {:error, reason}}
 * @param restart  when the child is restarted
 * @param shutdown how long it gets to stop after the {@code :shutdown} exit signal before it is
 *                 killed; {@link #BRUTAL_KILL} kills it at once; {@link GenServer#INFINITY} waits
 * @param type     worker or supervisor (only shown in {@code whichChildren}/{@code countChildren})
 */
public record ChildSpec(Object id, Supplier<Pid> start, Restart restart, Duration shutdown, Type type) {
    /** A zero shutdown: Elixir's {@code :brutal_kill}, an untrappable kill without a shutdown signal. */
    public static final Duration BRUTAL_KILL = Duration.ZERO;

    /** {@code :permanent} (always restarted), {@code :transient} (only after an abnormal exit), {@code :temporary} (never). */
    public enum Restart { PERMANENT, TRANSIENT, TEMPORARY }

    /** {@code :worker} or {@code :supervisor}. */
    public enum Type { WORKER, SUPERVISOR }

    public ChildSpec {
        if (start == null || restart == null || shutdown == null || type == null || shutdown.isNegative()) {
            throw new IllegalArgumentException("incomplete child spec for " + Inspect.inspect(id) + ": start " + start
                    + ", restart " + restart + ", shutdown " + shutdown + ", type " + type);
        }
    }

    /** A permanent worker with five seconds to shut down (Elixir's defaults). */
    public static ChildSpec worker(Object id, Supplier<Pid> start) {
        return new ChildSpec(id, start, Restart.PERMANENT, Duration.ofSeconds(5), Type.WORKER);
    }

    /** A permanent supervisor, given as long as it needs to shut down (Elixir's defaults). */
    public static ChildSpec supervisor(Object id, Supplier<Pid> start) {
        return new ChildSpec(id, start, Restart.PERMANENT, GenServer.INFINITY, Type.SUPERVISOR);
    }

    public ChildSpec withId(Object newId) {
        return new ChildSpec(newId, start, restart, shutdown, type);
    }

    public ChildSpec withRestart(Restart newRestart) {
        return new ChildSpec(id, start, newRestart, shutdown, type);
    }

    public ChildSpec withShutdown(Duration newShutdown) {
        return new ChildSpec(id, start, restart, newShutdown, type);
    }

    public ChildSpec withType(Type newType) {
        return new ChildSpec(id, start, restart, shutdown, newType);
    }
}
