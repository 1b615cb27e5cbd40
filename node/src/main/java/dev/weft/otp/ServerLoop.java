package dev.weft.otp;

import dev.weft.otp.GenMsg.Ack;
import dev.weft.otp.GenMsg.Call;
import dev.weft.otp.GenMsg.Cast;
import dev.weft.otp.GenMsg.SysStop;
import dev.weft.otp.GenServer.Continue;
import dev.weft.otp.GenServer.Ignore;
import dev.weft.otp.GenServer.Init;
import dev.weft.otp.GenServer.Next;
import dev.weft.otp.GenServer.NoReply;
import dev.weft.otp.GenServer.Ok;
import dev.weft.otp.GenServer.Reply;
import dev.weft.otp.GenServer.Result;
import dev.weft.otp.GenServer.Stop;
import dev.weft.otp.GenServer.StopReply;
import dev.weft.otp.GenServer.Timeout;
import dev.weft.process.Down;
import dev.weft.process.Exit;
import dev.weft.process.ExitException;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;

/**
 * A GenServer process: the start handshake ({@code proc_lib:start}) and the message loop
 * ({@code gen_server:loop}). One instance per server process, used only by that process.
 */
final class ServerLoop<S> {
    private static final Atom IGNORE = Atom.of("ignore");
    private static final Atom ALREADY_STARTED = Atom.of("already_started");
    private static final Atom BAD_RETURN = Atom.of("bad_return_value");
    /** What the receive returns when a {@link Timeout} passes. */
    private static final Object TIMED_OUT = new Object();

    private final GenServer<S> impl;
    private final Object name;
    /** Whose exit signal, when trapped, stops the server: the starter of a linked server. */
    private final Pid parent;
    private S state;
    private Next next;
    private Object lastMessage;

    private ServerLoop(GenServer<S> impl, Object name, Pid parent) {
        this.impl = impl;
        this.name = name;
        this.parent = parent;
    }

    /** Spawns a server and waits for its {@code init}: its pid, null for ignore, or an exit with the failure. */
    static Pid start(GenServer<?> impl, Object name, boolean link) {
        if (impl == null) throw new IllegalArgumentException("GenServer.start needs a server implementation");
        Names.check(name);
        Pid starter = Kernel.self();
        Runnable body = () -> new ServerLoop<>(impl, name, link ? starter : null).run(starter);
        Pid pid = link ? Kernel.spawnLink(body) : Kernel.spawn(body);
        Ref mon = Kernel.monitor(pid);
        Object r = Kernel.receive(m -> m instanceof Ack a && a.pid().equals(pid) || m instanceof Down d && d.ref().equals(mon) ? m : Kernel.NO_MATCH);
        Kernel.demonitor(mon, Kernel.FLUSH);
        return switch (r) {
            case Ack a when a.outcome() == Atom.OK -> pid;
            case Ack a when a.outcome() == IGNORE -> null;
            case Ack a -> throw new ExitException(a.reason());
            case Down d -> throw new ExitException(d.reason());
            default -> throw new IllegalStateException("unexpected start reply " + r);
        };
    }

    private void run(Pid starter) {
        Pid holder = Names.register(name);
        if (holder != null) {
            Kernel.send(starter, new Ack(Kernel.self(), Atom.ERROR, Tuple.of(ALREADY_STARTED, holder)));
            return;
        }
        Init<S> init;
        try {
            init = impl.init();
        } catch (Throwable t) {
            Object reason = reasonOf(t);
            if (!Exits.quiet(reason)) Reports.error("GenServer " + Reports.whoAmI(name) + " failed in init", reason, "");
            failStart(starter, reason);
            return;
        }
        switch (init) {
            case Ok<S>(S s, Next n) -> {
                state = s;
                next = n;
                Kernel.send(starter, new Ack(Kernel.self(), Atom.OK, null));
                loop();
            }
            case Ignore<S> i -> {
                Names.unregister(name);
                Kernel.send(starter, new Ack(Kernel.self(), IGNORE, null));
            }
            case Stop<S>(Object reason, S s) -> failStart(starter, reason);
            case null -> failStart(starter, Tuple.of(BAD_RETURN, null));
        }
    }

    private void failStart(Pid starter, Object reason) {
        Names.unregister(name);
        Kernel.send(starter, new Ack(Kernel.self(), Atom.ERROR, reason));
        throw new ExitException(reason);
    }

    private void loop() {
        for (;;) {
            Object msg;
            Result<S> r;
            if (next instanceof Continue(Object arg)) {
                msg = next;
                next = null;
                try {
                    r = impl.handleContinue(arg, state);
                } catch (Throwable t) {
                    terminate(reasonOf(t), msg);
                    return;
                }
            } else {
                msg = nextMessage();
                if (msg instanceof SysStop(Object reason)) terminate(reason, msg);
                if (msg instanceof Exit(Pid from, Object reason) && from.equals(parent)) terminate(reason, msg);
                lastMessage = msg;
                try {
                    r = switch (msg) {
                        case Call c -> impl.handleCall(c.request(), c.from(), state);
                        case Cast c -> impl.handleCast(c.request(), state);
                        default -> impl.handleInfo(msg, state);
                    };
                } catch (Throwable t) {
                    terminate(reasonOf(t), msg);
                    return;
                }
            }
            apply(r, msg);
        }
    }

    /** The next message, or {@code :timeout} if a {@link Timeout} passes first. */
    private Object nextMessage() {
        if (next instanceof Timeout(var after)) {
            next = null;
            Object msg = Kernel.receive(m -> m, after, () -> TIMED_OUT);
            return msg == TIMED_OUT ? Atom.TIMEOUT : msg;
        }
        return Kernel.receive(m -> m);
    }

    private void apply(Result<S> r, Object msg) {
        switch (r) {
            case Reply<S>(Object reply, S s, Next n) when msg instanceof Call c -> {
                GenServer.reply(c.from(), reply);
                state = s;
                next = n;
            }
            case NoReply<S>(S s, Next n) -> {
                state = s;
                next = n;
            }
            case Stop<S>(Object reason, S s) -> {
                state = s;
                terminate(reason, msg);
            }
            case StopReply<S>(Object reason, Object reply, S s) when msg instanceof Call c -> {
                state = s;
                try {
                    terminate(reason, msg);
                } finally {
                    GenServer.reply(c.from(), reply);
                }
            }
            case null, default -> terminate(Tuple.of(BAD_RETURN, r), msg);
        }
    }

    /** Runs the terminate callback, reports an abnormal end, and exits with the reason. */
    private void terminate(Object reason, Object msg) {
        lastMessage = msg;
        try {
            impl.terminate(reason, state);
        } catch (Throwable t) {
            reason = reasonOf(t);
        }
        if (!Exits.quiet(reason)) {
            String last = lastMessage instanceof Call c ? " (from " + c.from().pid() + "): " + Inspect.inspect(c.request())
                    : ": " + Inspect.inspect(lastMessage);
            Reports.error("GenServer " + Reports.whoAmI(name) + " terminating", reason,
                    "\nLast message" + last + "\nState: " + Inspect.inspect(state));
        }
        throw new ExitException(reason);
    }

    /**
     * The exit reason for something a callback threw: the exit's reason, or Elixir's
     * {@code {exception, stacktrace}}. An exit signal that arrived during the callback (the process
     * is no longer alive) ends the server at once, without terminate.
     */
    private static Object reasonOf(Throwable t) {
        if (t instanceof ExitException e && !Kernel.alive(Kernel.self())) throw e;
        return Exits.reasonOf(t);
    }
}
