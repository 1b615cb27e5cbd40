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
 * <p>Failures throw {@link ExitException} with the reason erpc raises (checked on OTP 25):
 * {@code {:exception, e, stack}} when the function threw {@code e} (a {@link RemoteException} when it
 * ran on another node; {@code stack} its frames as strings), {@code {:exception, reason}} when it
 * exited, {@code {:signal, reason}} when an exit signal ended it, {@code {:erpc, :noconnection}} when
 * the node is unreachable or goes away, {@code {:erpc, :timeout}} after the timeout (the remote process
 * is then killed), and Weft's own {@code {:spawn_refused, node, why}} when the node does not export or
 * allow the function. {@link #multicall} gives each as {@code {class, reason}}, with erpc's class
 * ({@code :error}, or {@code :exit} for an exit or a signal).
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
        long deadline = deadline(timeout);   // before the call starts, so that its node kills it no sooner
        return value(outcome(node, begin(() -> start(node, name, args, timeout)), deadline));
    }

    /** Runs {@code fn} on {@code node} (which must allow lambdas of its class) and returns its result. */
    public static <T> T call(Atom node, Fn<T> fn, Duration timeout) {
        long deadline = deadline(timeout);   // before the call starts, so that its node kills it no sooner
        return value(outcome(node, begin(() -> start(node, fn, timeout)), deadline));
    }

    /**
     * Runs the exported function {@code name} with {@code args} on each of {@code nodes} at once and
     * waits up to {@code timeout} in all ({@code :erpc.multicall/5}): one result per node, in order,
     * {@code {:ok, value}}, or erpc's class and the reason {@link #call} would exit with:
     * {@code {:error, {:erpc, :noconnection}}}, {@code {:exit, {:exception, reason}}}, ...
     *
     * <pre>{@code
     * List<Tuple> sums = Rpc.multicall(List.of(a, b), "add", List.of(1, 2), Duration.ofSeconds(5));   // [{:ok, 3}, {:ok, 3}]
     * }</pre>
     */
    public static List<Tuple> multicall(List<Atom> nodes, String name, List<?> args, Duration timeout) {
        return gather(nodes, node -> start(node, name, args, timeout), timeout);
    }

    /** {@link #multicall(List, String, List, Duration)} of a lambda each node must allow ({@code :erpc.multicall/3}). */
    public static List<Tuple> multicall(List<Atom> nodes, Fn<?> fn, Duration timeout) {
        return gather(nodes, node -> start(node, fn, timeout), timeout);
    }

    private static Ref start(Atom node, String name, List<?> args, Duration timeout) {
        return Node.here(node) ? Node.callHere(Node.exportedHere(name, args), timeout) : Node.call(node, Node.exported(name, args), timeout);
    }

    private static Ref start(Atom node, Fn<?> fn, Duration timeout) {
        return Node.here(node) ? Node.callHere(fn, timeout) : Node.call(node, Node.lambda(fn), timeout);
    }

    /** Starts a call on every node, then takes their results in order within one deadline. */
    private static List<Tuple> gather(List<Atom> nodes, Function<Atom, Ref> start, Duration timeout) {
        long deadline = deadline(timeout);
        List<Object> started = nodes.stream().map(node -> begin(() -> start.apply(node))).toList();
        List<Tuple> results = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            Object outcome = outcome(nodes.get(i), started.get(i), deadline);
            results.add(outcome instanceof Failed f ? Tuple.of(f.kind(), f.reason()) : Tuple.of(Atom.OK, outcome));
        }
        return List.copyOf(results);
    }

    /** When a call made now with {@code timeout} times out, in {@link System#nanoTime()}'s terms. */
    private static long deadline(Duration timeout) {
        try {
            return System.nanoTime() + timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return System.nanoTime() + Long.MAX_VALUE / 2;
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

    private static final Atom ERPC = Atom.of("erpc");
    private static final Atom EXCEPTION = Atom.of("exception");
    private static final Atom SIGNAL = Atom.of("signal");

    /** A call that failed: erpc's class ({@code :error} or {@code :exit}) and the reason it raises. */
    private record Failed(Atom kind, Object reason) {}

    @SuppressWarnings("unchecked")
    private static <T> T value(Object outcome) {
        if (outcome instanceof Failed f) throw new ExitException(f.reason());
        return (T) outcome;
    }

    /** The call's ref, or why it could not start: {@code {:erpc, :noconnection}}, or Weft's {@code {:spawn_refused, node, why}}. */
    private static Object begin(Supplier<Ref> start) {
        try {
            return start.get();
        } catch (ExitException e) {
            return notStarted(e);
        }
    }

    private static Failed notStarted(ExitException e) {
        return new Failed(Atom.ERROR, Atom.NOCONNECTION.equals(e.reason()) ? Tuple.of(ERPC, Atom.NOCONNECTION) : e.reason());
    }

    /**
     * The result of the call started as {@code started}, or a {@link Failed} with erpc's answer: from the
     * DOWN of the call's process, whose reason carries the result or how the function failed (one
     * signal back from {@code node}, no spawn reply unless it refused); {@code {:signal, reason}} if an
     * exit signal ended it, {@code {:erpc, :noconnection}} if its node went away, {@code {:erpc, :timeout}}
     * at the deadline (also when the DOWN of the kill that ends the call there comes by then).
     */
    private static Object outcome(Atom node, Object started, long deadline) {
        if (!(started instanceof Ref ref)) return started;
        Object r = Kernel.receive(ref, m -> switch (m) {
            case Down d when d.ref().equals(ref) -> d;
            case SpawnResult s when s.ref().equals(ref) -> s;
            default -> Kernel.NO_MATCH;
        }, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), () -> null);
        // the kill at the deadline (the callee's node counts whole milliseconds from a later start): a timeout
        if (r instanceof Down d && Atom.KILLED.equals(d.reason()) && System.nanoTime() - deadline >= -1_000_000) r = null;
        switch (r) {
            case Down(Ref d, Pid p, RpcReply(Ref tag, Object value)) when tag.equals(ref) -> {
                return value;
            }
            case Down(Ref d, Pid p, RpcFailed(Ref tag, Atom kind, Object reason)) when tag.equals(ref) -> {
                return new Failed(kind, reason instanceof Throwable e ? Tuple.of(EXCEPTION, e, stack(e)) : Tuple.of(EXCEPTION, reason));
            }
            case Down d when Atom.NOCONNECTION.equals(d.reason()) -> {
                return new Failed(Atom.ERROR, Tuple.of(ERPC, Atom.NOCONNECTION));
            }
            case Down d -> {
                return new Failed(Spawner.EXIT, Tuple.of(SIGNAL, d.reason()));
            }
            case SpawnResult s -> {
                Kernel.demonitor(ref, Kernel.FLUSH);
                return notStarted(Node.refused(node, s.error()));
            }
            case null -> {
                Kernel.demonitor(ref, Kernel.FLUSH);   // node kills the call at the same deadline
                return new Failed(Atom.ERROR, Tuple.of(ERPC, Atom.TIMEOUT));
            }
            default -> throw new IllegalStateException("unexpected " + r);
        }
    }

    /** An exception's stack as a term: one string per frame, innermost first. */
    private static List<String> stack(Throwable e) {
        return java.util.Arrays.stream(e.getStackTrace()).map(StackTraceElement::toString).toList();
    }
}
