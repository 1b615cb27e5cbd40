package dev.weft.otp;

import dev.weft.process.ExitException;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.io.Serializable;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A process that holds a state, read and changed through functions: Elixir's {@code Agent}. The
 * functions run inside the agent, one at a time, so each read-and-change is atomic.
 *
 * <pre>{@code
 * Pid counter = Agent.startLink(() -> 0);
 * Agent.update(counter, (Integer n) -> n + 1);
 * int now = Agent.get(counter, (Integer n) -> n);                              // 1
 * int before = Agent.getAndUpdate(counter, (Integer n) -> Tuple.of(n, n + 1)); // 1, state 2
 * Agent.stop(counter);
 * }</pre>
 *
 * <p>An agent is named like a GenServer: a pid, a registered {@link dev.weft.term.Atom}, or a
 * {@link ViaName} ({@link Registry.Via}, {@code Global.Name}), or {@code Tuple.of(name, node)} for one on another node (then its functions
 * travel: see {@link Fn}). Calls wait five seconds by default and exit ({@link ExitException}) as
 * {@link GenServer#call} does: {@code {:noproc, {GenServer, :call, ...}}} for an agent that does
 * not exist, {@code {:timeout, ...}} when it does not answer in time. If a function throws, the
 * agent exits with {@code {exception, stacktrace}} and the caller with it. The state should be
 * immutable: it is handed to callers as it is. Type the function's parameter with the state's type
 * ({@code (Integer n) -> n + 1}); a wrong type is a {@link ClassCastException} in the agent.
 */
public final class Agent {
    private Agent() {}

    /**
     * A function of the state that can also reach an agent on another node: a lambda written where
     * one of these is expected is serializable, and travels as a term (its class must be allowed
     * there, as for {@code Node.spawn}). Each function taking a {@code Function} or
     * {@code UnaryOperator} has an overload taking these, which Java picks for a lambda.
     *
     * <pre>{@code
     * Tuple counter = Tuple.of(Atom.of("counter"), Atom.of("b@127.0.0.1"));   // {:counter, :"b@127.0.0.1"}
     * int now = Agent.get(counter, (Integer n) -> n);
     * Agent.update(counter, (Integer n) -> n + 1);
     * }</pre>
     */
    @FunctionalInterface
    public interface Fn<S, T> extends Function<S, T>, Serializable {}

    /** {@link Fn} for the functions that give the new state. */
    @FunctionalInterface
    public interface UpdateFn<S> extends UnaryOperator<S>, Serializable {}

    /** Starts an agent whose state is {@code init.get()} (run in the agent), without a link. */
    public static Pid start(Supplier<?> init) {
        return GenServer.start(new AgentServer(init));
    }

    /** {@link #start(Supplier)} registered under {@code name} (an Atom or a {@link ViaName}). */
    public static Pid start(Supplier<?> init, Object name) {
        return GenServer.start(new AgentServer(init), name);
    }

    /** Starts an agent linked to the caller. If {@code init} throws, so does this, with the reason. */
    public static Pid startLink(Supplier<?> init) {
        return GenServer.startLink(new AgentServer(init));
    }

    /** {@link #startLink(Supplier)} registered under {@code name}. */
    public static Pid startLink(Supplier<?> init, Object name) {
        return GenServer.startLink(new AgentServer(init), name);
    }

    /** {@code fun} of the state, computed in the agent. */
    public static <S, T> T get(Object agent, Function<S, T> fun) {
        return get(agent, fun, GenServer.DEFAULT_TIMEOUT);
    }

    public static <S, T> T get(Object agent, Function<S, T> fun, Duration timeout) {
        return GenServer.call(agent, new AgentServer.Get(fun), timeout);
    }

    public static <S, T> T get(Object agent, Fn<S, T> fun) {
        return get(agent, (Function<S, T>) fun);
    }

    public static <S, T> T get(Object agent, Fn<S, T> fun, Duration timeout) {
        return get(agent, (Function<S, T>) fun, timeout);
    }

    /** Replaces the state with {@code fun} of it, and waits until that is done. */
    public static <S> void update(Object agent, UnaryOperator<S> fun) {
        update(agent, fun, GenServer.DEFAULT_TIMEOUT);
    }

    public static <S> void update(Object agent, UnaryOperator<S> fun, Duration timeout) {
        GenServer.call(agent, new AgentServer.Update(fun), timeout);
    }

    public static <S> void update(Object agent, UpdateFn<S> fun) {
        update(agent, (UnaryOperator<S>) fun);
    }

    public static <S> void update(Object agent, UpdateFn<S> fun, Duration timeout) {
        update(agent, (UnaryOperator<S>) fun, timeout);
    }

    /**
     * Returns the first element of {@code fun}'s two-element tuple and makes the second the new
     * state: Elixir's {@code get_and_update}, {@code fn n -> {n, n + 1} end} is
     * {@code n -> Tuple.of(n, n + 1)}.
     */
    public static <S, T> T getAndUpdate(Object agent, Function<S, Tuple> fun) {
        return getAndUpdate(agent, fun, GenServer.DEFAULT_TIMEOUT);
    }

    public static <S, T> T getAndUpdate(Object agent, Function<S, Tuple> fun, Duration timeout) {
        return GenServer.call(agent, new AgentServer.GetAndUpdate(fun), timeout);
    }

    public static <S, T> T getAndUpdate(Object agent, Fn<S, Tuple> fun) {
        return getAndUpdate(agent, (Function<S, Tuple>) fun);
    }

    public static <S, T> T getAndUpdate(Object agent, Fn<S, Tuple> fun, Duration timeout) {
        return getAndUpdate(agent, (Function<S, Tuple>) fun, timeout);
    }

    /** Replaces the state with {@code fun} of it, without waiting. */
    public static <S> void cast(Object agent, UnaryOperator<S> fun) {
        GenServer.cast(agent, new AgentServer.Update(fun));
    }

    public static <S> void cast(Object agent, UpdateFn<S> fun) {
        cast(agent, (UnaryOperator<S>) fun);
    }

    /** Stops the agent normally and waits for it to exit. */
    public static void stop(Object agent) {
        GenServer.stop(agent);
    }

    /** Stops the agent with {@code reason}, waiting up to {@code timeout}, as {@link GenServer#stop(Object, Object, Duration)}. */
    public static void stop(Object agent, Object reason, Duration timeout) {
        GenServer.stop(agent, reason, timeout);
    }
}
