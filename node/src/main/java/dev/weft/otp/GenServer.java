package dev.weft.otp;

import dev.weft.process.ExitException;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Inspectable;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A server process with a state, in front of callbacks: Elixir's {@code GenServer} (OTP's
 * {@code gen_server}). Implement this interface (only {@link #init()} is required) and start it
 * with {@link #start}/{@link #startLink}; clients talk to it with {@link #call} (waits for the
 * reply) and {@link #cast} (does not). Every callback returns a sealed result: {@link Reply},
 * {@link NoReply}, {@link Stop}, {@link StopReply}; {@code init} returns {@link Ok},
 * {@link Ignore} or {@link Stop}.
 *
 * <pre>{@code
 * record Stack(List<Object> initial) implements GenServer<List<Object>> {
 *     public Init<List<Object>> init() { return new Ok<>(initial); }
 *
 *     public Result<List<Object>> handleCall(Object request, From from, List<Object> state) {
 *         return request.equals(Atom.of("pop"))
 *                 ? new Reply<>(state.getFirst(), state.subList(1, state.size()))
 *                 : new Reply<>(Atom.ERROR, state);
 *     }
 *
 *     public Result<List<Object>> handleCast(Object push, List<Object> state) {
 *         var next = new ArrayList<>(List.of(push));
 *         next.addAll(state);
 *         return new NoReply<>(List.copyOf(next));
 *     }
 * }
 *
 * Pid stack = GenServer.startLink(new Stack(List.of("hello")));
 * Object top = GenServer.call(stack, Atom.of("pop"));        // "hello"
 * GenServer.cast(stack, "world");
 * Object next = GenServer.call(stack, Atom.of("pop"));       // "world"
 * }</pre>
 *
 * <p>A server is named by a {@link Pid}, a registered {@link Atom}, or a {@link ViaName} ({@link Registry.Via}, {@code Global.Name})
 * name; every function that takes {@code Object server} accepts the three. {@link #call},
 * {@link #cast} and {@link #stop} also take {@code Tuple.of(name, node)} for a server registered on
 * another node, as Elixir's {@code GenServer.call({name, node}, request)}.
 *
 * <p>Callbacks run in the server process, one message at a time. The state is whatever the
 * callbacks return; keep it immutable. Elixir's {@code init_arg} is the implementation object's own
 * fields (a record's components), so {@code init()} takes no argument.
 *
 * <p>Exits: the server ends when a callback returns {@link Stop}/{@link StopReply}, when a
 * callback raises (the reason is the exception), on {@link #stop}, and, if it traps exits, on an
 * exit signal from its parent (the process that {@code startLink}ed it); in all these cases
 * {@link #terminate} runs first. An exit signal from elsewhere ends a server that does not trap
 * exits without {@code terminate}, as on the BEAM. An end with a reason other than {@code :normal},
 * {@code :shutdown} or {@code {:shutdown, term}} is logged (logger {@code dev.weft.otp}) with the
 * server, its last message and its state.
 *
 * <p>A reply that arrives after its call timed out is dropped, as in OTP 24+: the call waits on an
 * alias ({@link Kernel#monitor(Pid, Atom)}). Where Weft differs: {@code hibernate} is not offered,
 * as a waiting virtual thread is already small.
 *
 * @param <S> the server's state
 */
public interface GenServer<S> {
    /** Five seconds: the default timeout of {@link #call(Object, Object)}. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Wait as long as it takes (Elixir's {@code :infinity}). */
    Duration INFINITY = ChronoUnit.FOREVER.getDuration();

    // ------------------------------------------------------------------ callbacks

    /** Runs in the new server before {@code start} returns: the first state, {@link Ignore}, or {@link Stop}. */
    Init<S> init();

    /** Handles a {@link #call}; reply now with {@link Reply}, or later with {@link #reply(From, Object)}. */
    default Result<S> handleCall(Object request, From from, S state) {
        throw new IllegalStateException("attempted to call GenServer " + Kernel.self() + " (" + getClass().getName()
                + ") but no handleCall was provided for " + Inspect.inspect(request));
    }

    /** Handles a {@link #cast}. */
    default Result<S> handleCast(Object request, S state) {
        throw new IllegalStateException("attempted to cast GenServer " + Kernel.self() + " (" + getClass().getName()
                + ") but no handleCast was provided for " + Inspect.inspect(request));
    }

    /** Handles any other message, and {@code :timeout} after a {@link Timeout}. By default logs it and goes on. */
    default Result<S> handleInfo(Object message, S state) {
        Reports.LOG.log(System.Logger.Level.ERROR, () -> getClass().getName() + " " + Kernel.self()
                + " received unexpected message in handleInfo: " + Inspect.inspect(message));
        return new NoReply<>(state);
    }

    /** Runs right after a callback that returned {@link Continue}, before any message. */
    default Result<S> handleContinue(Object arg, S state) {
        throw new IllegalStateException("GenServer " + Kernel.self() + " (" + getClass().getName()
                + ") returned a Continue but no handleContinue was provided for " + Inspect.inspect(arg));
    }

    /** Runs before the server exits (see the class comment for when); its return is ignored. */
    default void terminate(Object reason, S state) {}

    // ------------------------------------------------------------------ results

    /** What {@link #init()} returns. */
    sealed interface Init<S> permits Ok, Ignore, Stop {}

    /** What the {@code handle*} callbacks return. */
    sealed interface Result<S> permits Reply, NoReply, Stop, StopReply {}

    /** What to do after a callback when no message comes: time out, or continue at once. */
    sealed interface Next permits Timeout, Continue {}

    /** Started with {@code state}; then {@code next}, or null to wait for messages. */
    record Ok<S>(S state, Next next) implements Init<S> {
        public Ok(S state) {
            this(state, null);
        }
    }

    /** {@code :ignore}: {@code start} returns null and the process exits normally. */
    record Ignore<S>() implements Init<S> {}

    /** Reply {@code reply} to the caller and go on with {@code state}; then {@code next} (may be null). */
    record Reply<S>(Object reply, S state, Next next) implements Result<S> {
        public Reply(Object reply, S state) {
            this(reply, state, null);
        }
    }

    /** Go on with {@code state} without replying now; then {@code next} (may be null). */
    record NoReply<S>(S state, Next next) implements Result<S> {
        public NoReply(S state) {
            this(state, null);
        }
    }

    /** Exit with {@code reason} after {@link #terminate}; from {@code init}, {@code start} fails with it. */
    record Stop<S>(Object reason, S state) implements Init<S>, Result<S> {
        /** The {@code init} form: {@code {:stop, reason}}. */
        public Stop(Object reason) {
            this(reason, null);
        }
    }

    /** Reply {@code reply} to the caller, then exit with {@code reason} after {@link #terminate}. */
    record StopReply<S>(Object reason, Object reply, S state) implements Result<S> {}

    /** If no message arrives within {@code after}, {@link #handleInfo} gets {@code :timeout}. */
    record Timeout(Duration after) implements Next {}

    /** Call {@link #handleContinue} with {@code arg} before taking any message. */
    record Continue(Object arg) implements Next {}

    /** Who is waiting for a reply: Elixir's {@code from}, {@code {pid, tag}}; {@code ref} is the call's monitor, an alias of {@code pid} the reply goes to. */
    record From(Pid pid, Ref ref) implements Inspectable {
        @Override
        public String toString() {
            return "{" + pid + ", " + ref + "}";
        }
    }

    // ------------------------------------------------------------------ client API

    /** Starts a server without a link and waits for its {@code init}; returns null for {@link Ignore}. */
    static Pid start(GenServer<?> server) {
        return ServerLoop.start(server, null, false);
    }

    /**
     * {@link #start(GenServer)} registered under {@code name} (an {@link Atom} or a
     * {@link ViaName} ({@link Registry.Via}, {@code Global.Name})). Throws {@link ExitException} with {@code {:already_started, pid}} if
     * the name is taken, or with the reason of a failed {@code init}.
     */
    static Pid start(GenServer<?> server, Object name) {
        return ServerLoop.start(server, name, false);
    }

    /**
     * Starts a server linked to the caller and waits for its {@code init}. Returns its pid, or null
     * for {@link Ignore}; throws {@link ExitException} with the reason if {@code init} fails (the
     * link then also delivers that exit, as on the BEAM: trap exits to survive it).
     */
    static Pid startLink(GenServer<?> server) {
        return ServerLoop.start(server, null, true);
    }

    /** {@link #startLink(GenServer)} registered under {@code name} (an {@link Atom} or a {@link ViaName}). */
    static Pid startLink(GenServer<?> server, Object name) {
        return ServerLoop.start(server, name, true);
    }

    /** {@link #call(Object, Object, Duration)} with the default five seconds. */
    static <T> T call(Object server, Object request) {
        return GenCall.call(server, request, DEFAULT_TIMEOUT);
    }

    /**
     * Sends {@code request} to {@code server} and waits up to {@code timeout} for its reply.
     * Only messages that arrive after the call began are looked at, so a long mailbox does not slow
     * it down. Exits ({@link ExitException}) with {@code {:timeout, {GenServer, :call, [server,
     * request, ms]}}} on timeout, {@code {:noproc, ...}} if there is no such server, and
     * {@code {reason, ...}} if the server exits first, {@code {{:nodedown, node}, ...}} if its node
     * cannot be reached or goes away.
     */
    static <T> T call(Object server, Object request, Duration timeout) {
        return GenCall.call(server, request, timeout);
    }

    /** Sends {@code request} to {@code server} without waiting; a server that does not exist is ignored. */
    static void cast(Object server, Object request) {
        if (Names.remote(server) instanceof Names.Remote(Atom name, Atom node)) {
            Kernel.send(name, node, new GenMsg.Cast(request));
            return;
        }
        Pid pid = Names.whereis(server);
        if (pid != null) Kernel.send(pid, new GenMsg.Cast(request));
    }

    /**
     * Calls the server registered as {@code name} on each of {@code nodes} at once and waits up to
     * {@code timeout} in all ({@code GenServer.multi_call/4}). Returns {@code {replies, bad_nodes}}:
     * a list of {@code {node, reply}} for the nodes that answered in time, in the order of
     * {@code nodes}, and the list of the others (no such name there, not reachable, too slow, or the
     * server exited). As in OTP, a reply that comes too late does not reach the caller's mailbox.
     *
     * <pre>{@code
     * Tuple r = GenServer.multiCall(List.of(Node.self(), b), Atom.of("kv"), Atom.of("size"), Duration.ofSeconds(1));
     * // {[{:"a@127.0.0.1", 3}, {:"b@127.0.0.1", 5}], []}
     * }</pre>
     */
    static Tuple multiCall(List<Atom> nodes, Atom name, Object request, Duration timeout) {
        return GenCall.multiCall(nodes, name, request, timeout);
    }

    /** Casts {@code request} to the server registered as {@code name} on each of {@code nodes}; returns {@code :abcast} ({@code GenServer.abcast/3}). */
    static Atom abcast(List<Atom> nodes, Atom name, Object request) {
        for (Atom node : nodes) Kernel.send(name, node, new GenMsg.Cast(request));
        return ABCAST;
    }

    /** What {@link #abcast} returns. */
    Atom ABCAST = Atom.of("abcast");

    /** Replies to a call from inside the server, for a {@link NoReply} {@code handleCall}. */
    static void reply(From from, Object reply) {
        Kernel.send(from.ref(), new GenMsg.CallReply(from.ref(), reply));   // the caller's alias: dropped if the call gave up
    }

    /** {@link #stop(Object, Object, Duration)} with {@code :normal}, waiting as long as it takes. */
    static void stop(Object server) {
        GenCall.stop(server, Atom.NORMAL, INFINITY);
    }

    /**
     * Stops {@code server} with {@code reason} ({@link #terminate} runs) and waits up to
     * {@code timeout} for it to exit. Exits with {@code {:noproc, {GenServer, :stop, [server, reason,
     * ms]}}} if it does not exist, {@code {:calling_self, ...}} if it is the caller,
     * {@code {:timeout, ...}} if it does not end in time, and {@code {other, ...}} if it ended with
     * another reason than {@code reason} (its {@code terminate} raised, say).
     */
    static void stop(Object server, Object reason, Duration timeout) {
        GenCall.stop(server, reason, timeout);
    }

    /** The pid behind {@code server} (a pid, atom or via name), or null if there is none. */
    static Pid whereis(Object server) {
        return Names.whereis(server);
    }
}
