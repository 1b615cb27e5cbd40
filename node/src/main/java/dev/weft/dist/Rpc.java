package dev.weft.dist;

import dev.weft.process.Down;
import dev.weft.process.ExitException;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Calls on other nodes, as Erlang's {@code erpc}: {@link #call} runs a function in a new process on
 * the node and returns its result; {@link #cast} runs it and returns at once. The node may be this
 * one ({@link Node#self()}): the function then runs in a new local process, as {@code erpc:call(node(), ...)}.
 *
 * <pre>{@code
 * Atom b = Atom.of("b@127.0.0.1");
 * Object sum = Rpc.call(b, "add", List.of(1, 2));                   // an exported function
 * String where = Rpc.call(b, () -> Node.self().name(), Duration.ofSeconds(1));
 * }</pre>
 *
 * <p>Failures throw {@link ExitException}: the remote exception (a {@link RemoteException}) or exit
 * reason when the function crashed; {@code :noconnection} when the node is unreachable or goes away;
 * {@code {:timeout, {Rpc, :call, [node, name, args]}}} after the timeout (the remote process is then
 * killed); {@code {:spawn_refused, node, why}} when the node does not export or allow the function.
 */
public final class Rpc {
    /** The default timeout of {@link #call(Atom, String, List)}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private Rpc() {}

    /** A function returning a value, to run on another node. */
    @FunctionalInterface
    public interface Fn<T> extends Supplier<T>, Serializable {}

    /** {@link #call(Atom, String, List, Duration)} with a 5 s timeout. */
    public static <T> T call(Atom node, String name, List<?> args) {
        return call(node, name, args, DEFAULT_TIMEOUT);
    }

    /** Runs the function {@code node} exports as {@code name} with {@code args} and returns its result. */
    public static <T> T call(Atom node, String name, List<?> args, Duration timeout) {
        return await(node, start(node, name, args, timeout), timeout, callTerm(node, name, args));
    }

    /** Runs {@code fn} on {@code node} (which must allow lambdas of its class) and returns its result. */
    public static <T> T call(Atom node, Fn<T> fn, Duration timeout) {
        return await(node, start(node, fn, timeout), timeout, callTerm(node, fn));
    }

    /**
     * Runs the exported function {@code name} with {@code args} on each of {@code nodes} at once and
     * waits up to {@code timeout} in all ({@code :erpc.multicall/5}): one result per node, in order,
     * {@code {:ok, value}} or {@code {:error, reason}} with the reason {@link #call} would exit with.
     *
     * <pre>{@code
     * List<Tuple> sums = Rpc.multicall(List.of(a, b), "add", List.of(1, 2), Duration.ofSeconds(5));   // [{:ok, 3}, {:ok, 3}]
     * }</pre>
     */
    public static List<Tuple> multicall(List<Atom> nodes, String name, List<?> args, Duration timeout) {
        return gather(nodes, node -> start(node, name, args, timeout), node -> callTerm(node, name, args), timeout);
    }

    /** {@link #multicall(List, String, List, Duration)} of a lambda each node must allow ({@code :erpc.multicall/3}). */
    public static List<Tuple> multicall(List<Atom> nodes, Fn<?> fn, Duration timeout) {
        return gather(nodes, node -> start(node, fn, timeout), node -> callTerm(node, fn), timeout);
    }

    private static Ref start(Atom node, String name, List<?> args, Duration timeout) {
        return Node.here(node) ? Node.callHere(Node.exportedHere(name, args), timeout) : Node.call(node, Node.exported(name, args), timeout);
    }

    private static Ref start(Atom node, Fn<?> fn, Duration timeout) {
        return Node.here(node) ? Node.callHere(fn, timeout) : Node.call(node, Node.lambda(fn), timeout);
    }

    private static Tuple callTerm(Atom node, String name, List<?> args) {
        return Tuple.of(Atom.of("Rpc"), Atom.of("call"), List.of(node, name, args));
    }

    private static Tuple callTerm(Atom node, Fn<?> fn) {
        return Tuple.of(Atom.of("Rpc"), Atom.of("call"), List.of(node, fn.getClass().getName()));
    }

    /** Starts a call on every node, then takes their results in order within one deadline. */
    private static List<Tuple> gather(List<Atom> nodes, Function<Atom, Ref> start, Function<Atom, Tuple> call, Duration timeout) {
        long deadline = System.nanoTime() + saturatedNanos(timeout);
        List<Object> started = new ArrayList<>(nodes.size());   // the call's ref, or why it could not start
        for (Atom node : nodes) {
            try {
                started.add(start.apply(node));
            } catch (ExitException e) {
                started.add(e);
            }
        }
        List<Tuple> results = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            try {
                if (started.get(i) instanceof ExitException e) throw e;
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                results.add(Tuple.of(Atom.OK, await(nodes.get(i), (Ref) started.get(i), left, call.apply(nodes.get(i)))));
            } catch (ExitException e) {
                results.add(Tuple.of(Atom.ERROR, e.reason()));
            }
        }
        return List.copyOf(results);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 2;
        }
    }

    /** Runs the exported function {@code name} on {@code node} and returns true without waiting for it to finish. */
    public static boolean cast(Atom node, String name, List<?> args) {
        Node.spawn(node, name, args);
        return true;
    }

    /** Runs {@code fn} on {@code node} (which must allow lambdas of its class) and returns true without waiting for it ({@code :erpc.cast/2}). */
    public static boolean cast(Atom node, Node.Fn fn) {
        Node.spawn(node, fn);
        return true;
    }

    /**
     * Waits for the DOWN of the call's process under {@code ref}, whose reason carries the result (as
     * Erlang's erpc does): one signal back from {@code node}, no spawn reply unless it refused.
     */
    @SuppressWarnings("unchecked")
    private static <T> T await(Atom node, Ref ref, Duration timeout, Tuple call) {
        Object r = Kernel.receive(ref, m -> switch (m) {
            case Down d when d.ref().equals(ref) -> d;
            case SpawnResult s when s.ref().equals(ref) -> s;
            default -> Kernel.NO_MATCH;
        }, timeout, () -> null);
        switch (r) {
            case Down(Ref d, Pid p, RpcReply(Ref tag, Object value)) when tag.equals(ref) -> {
                return (T) value;
            }
            case Down d -> throw new ExitException(d.reason());
            case SpawnResult s -> {
                Kernel.demonitor(ref, Kernel.FLUSH);
                throw Node.refused(node, s.error());
            }
            case null -> {
                Kernel.demonitor(ref, Kernel.FLUSH);   // node kills the call at the same deadline
                throw new ExitException(Tuple.of(Atom.TIMEOUT, call));
            }
            default -> throw new IllegalStateException("unexpected " + r);
        }
    }
}
