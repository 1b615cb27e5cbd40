package dev.weft.process;

import dev.weft.process.Signal.Demonitor;
import dev.weft.process.Signal.DownSignal;
import dev.weft.process.Signal.ExitSignal;
import dev.weft.process.Signal.Link;
import dev.weft.process.Signal.Monitor;
import dev.weft.process.Signal.Unlink;
import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.NodeNames;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The process primitives, as Elixir's {@code Kernel} and {@code Process} modules have them:
 * spawn, self, send, selective receive, links, exit signals, monitors, registered names.
 *
 * <pre>{@code
 * import static dev.weft.process.Kernel.*;
 *
 * Pid parent = self();
 * Pid child = spawn(() -> send(parent, Tuple.of(Atom.of("hello"), self())));
 * Pid from = receive(msg -> msg instanceof Tuple t && t.is(Atom.of("hello"), 2) ? t.get(1) : NO_MATCH,
 *                    Duration.ofSeconds(1), () -> null);
 * assert child.equals(from);
 * }</pre>
 *
 * <p>A process is a virtual thread with a mailbox. Code that is not running in a process (a
 * {@code main} method, a test) gets a process of its own the first time it needs one. Messages are
 * passed by reference between local processes, so they must be immutable values: records,
 * {@code List.of}, {@code Map.of}, strings, numbers, {@link Atom}s, {@link dev.weft.term.Tuple}s,
 * pids and refs.
 *
 * <p>Where Weft differs from the BEAM: a process is preempted by the JVM, not by reductions, and an
 * exit signal takes effect when the process next enters the runtime (receive, or its start). A
 * process busy in a loop, or blocked in Java IO, a lock or {@code Thread.sleep}, exits when it
 * comes back; {@link #sleep} waits in receive and exits at once. Also (each checked against
 * OTP 25, see {@code ConformanceTest}): a process that throws ends with the Throwable as its exit
 * reason, not {@code {exception, stacktrace}}; {@link #link} of a dead pid exits with
 * {@code :noproc} where the BEAM raises {@code ErlangError :noproc}; bad arguments are
 * {@link IllegalArgumentException}s; {@link #cancelTimer} answers a boolean ({@link #readTimer}
 * gives the time left); {@link #monitor} takes a pid or a name and a node, not a bare name, and the
 * {@link Down} of a {@code {name, node}} monitor carries a pid where the BEAM gives {@code {name,
 * node}}; and {@link #groupLeader(Pid, Pid)} takes its arguments in Erlang's order (leader first),
 * not Elixir's.
 */
public final class Kernel {
    /** What a {@link Matcher} returns to leave a message in the mailbox. */
    public static final Object NO_MATCH = new Object() {
        @Override
        public String toString() {
            return "NO_MATCH";
        }
    };
    /** The {@code :flush} option of {@link #demonitor(Ref, Atom...)}. */
    public static final Atom FLUSH = Atom.of("flush");
    /** The {@code :info} option of {@link #demonitor(Ref, Atom...)}: return whether the monitor was found. */
    public static final Atom INFO = Atom.of("info");
    /** Alias mode: active until {@link #unalias} (the default of {@link #alias()}). */
    public static final Atom EXPLICIT_UNALIAS = Atom.of("explicit_unalias");
    /** Alias mode of {@link #alias(Atom...)}: also ends after the first message that comes through it. */
    public static final Atom REPLY = Atom.of("reply");
    /** Alias mode of {@link #monitor(Pid, Atom)}: also ends when the monitor does (demonitor, or its Down). */
    public static final Atom DEMONITOR = Atom.of("demonitor");
    /** Alias mode of {@link #monitor(Pid, Atom)}: as {@link #DEMONITOR}, and the first message through it ends both. */
    public static final Atom REPLY_DEMONITOR = Atom.of("reply_demonitor");

    private static final ThreadLocal<Proc> ADOPTED = new ThreadLocal<>();
    private static final ConcurrentHashMap<Ref, PendingTimer> TIMER_REFS = new ConcurrentHashMap<>();
    private static volatile Pid defaultGroupLeader;
    private static volatile Consumer<String> flushOutput = text -> System.out.print(text);

    private Kernel() {}

    // ---------------------------------------------------------------- processes

    /** The calling process, made on first use for a thread that is not a process. */
    static Proc current() {
        Proc p = ProcessTable.current();
        return p != null ? p : adopted();
    }

    /**
     * The thread's own process. One told to exit ends at the thread's next call into the runtime: that
     * call throws the exit (unless a receive already has), and the call after it gets a new process.
     */
    private static Proc adopted() {
        Proc p = ADOPTED.get();
        if (p != null && !p.isAlive()) {
            ADOPTED.remove();
            p.terminate(p.exitReason());
            if (!p.exitThrown()) p.checkExit();
            p = null;
        }
        if (p == null) {
            p = new Proc(Thread.currentThread(), defaultGroupLeader);
            ProcessTable.add(p);
            ADOPTED.set(p);
        }
        return p;
    }

    /** The pid of the calling process ({@code self()}). */
    public static Pid self() {
        return current().pid;
    }

    /** Starts {@code fn} in a new process and returns its pid at once ({@code spawn/1}). */
    public static Pid spawn(Runnable fn) {
        Proc p = newChild(fn);
        p.start();
        return p.pid;
    }

    /** {@link #spawn} and link the new process to the caller, atomically ({@code spawn_link/1}). */
    public static Pid spawnLink(Runnable fn) {
        Proc me = current();
        Proc p = newChild(fn);
        p.addLink(me.pid);
        me.addLink(p.pid);
        p.start();
        return p.pid;
    }

    /** {@link #spawn} and monitor the new process, atomically ({@code spawn_monitor/1}). */
    public static Spawned spawnMonitor(Runnable fn) {
        Proc me = current();
        Proc p = newChild(fn);
        Ref ref = ProcessTable.newRef();
        me.putMonitor(ref, p.pid);
        p.onSignal(new Monitor(ref, me.pid));
        p.start();
        return new Spawned(p.pid, ref);
    }

    private static Proc newChild(Runnable fn) {
        if (fn == null) throw new IllegalArgumentException("spawn needs a function to run");
        Proc parent = ProcessTable.current();
        if (parent == null) parent = ADOPTED.get();
        return parent == null ? new Proc(fn, null, defaultGroupLeader) : new Proc(fn, parent.pid, leaderOf(parent));
    }

    /**
     * Whether {@code pid} is a live process ({@code Process.alive?/1}); a pid of another node is an
     * IllegalArgumentException, as the BEAM raises {@code ArgumentError} for it.
     */
    public static boolean alive(Pid pid) {
        Proc p = localProc(pid, "check the liveness of");
        return p != null && p.isAlive();
    }

    /** The process of this node that {@code pid} names, or null; a pid of another node is refused, as the BEAM's badarg. */
    private static Proc localProc(Pid pid, String what) {
        if (pid == null) throw nullPid(what);
        if (!ProcessTable.isLocal(pid)) {
            throw new IllegalArgumentException("cannot " + what + " " + pid + ": it is a process of " + pid.node() + ", not of this node (caller " + self() + ")");
        }
        return ProcessTable.get(pid);
    }

    /** Every process on this node ({@code Process.list/0}). */
    public static List<Pid> processes() {
        return ProcessTable.pids();
    }

    /**
     * A snapshot of a process, or null if it is not alive ({@code Process.info/1}). As on the BEAM,
     * another process answers once it has handled the signals sent to it before, so right after
     * {@code link(p)} or {@code monitor(p)}, {@code info(p)} lists the caller in its links or
     * monitoredBy (a process busy outside the runtime for more than a moment is read as it is); and
     * a pid of another node is an IllegalArgumentException.
     */
    public static ProcessInfo info(Pid pid) {
        Proc p = localProc(pid, "get the info of");
        if (p == null || !p.isAlive()) return null;
        return isCaller(p) ? p.info() : p.infoAfterSignals();
    }

    /**
     * One item of a process's info as the tuple {@code {item, value}}, or null if it is not alive
     * ({@code Process.info(pid, item)}):
     * <ul>
     * <li>{@code :status}: {@code :waiting} (in receive), {@code :running} or {@code :exiting};
     * <li>{@code :message_queue_len}: an Integer; {@code :messages}: the messages in its mailbox, in
     *     arrival order;
     * <li>{@code :links}, {@code :monitored_by}: lists of pids; {@code :monitors}: a list of
     *     {@code {:process, pid}};
     * <li>{@code :registered_name}: its name, or {@code []} if it has none (Elixir 1.14 answers
     *     {@code {:registered_name, []}}, where {@code erlang:process_info/2} gives a bare {@code []});
     * <li>{@code :dictionary}: its process dictionary as a list of {@code {key, value}}, in no
     *     particular order (as the BEAM's);
     * <li>{@code :group_leader}: a pid; {@code :trap_exit}: a Boolean;
     * <li>{@code :initial_call}: {@code {:erlang, :apply, 2}}, the BEAM's answer for a process spawned
     *     from a fun, which every Weft process is.
     * </ul>
     * Another process answers as for {@link #info(Pid)}, once it has handled the signals sent to it
     * before; only the process itself reads its {@code :messages} and {@code :dictionary}, so for those
     * the caller waits until it does (one busy outside the runtime answers when it comes back to a
     * receive), handling its own signals meanwhile. An unknown item, like a pid of another node, is an
     * IllegalArgumentException (the BEAM's {@code ArgumentError}), even for a dead pid.
     *
     * <pre>{@code
     * Pid p = spawn(() -> receive(m -> Atom.of("stop").equals(m) ? m : NO_MATCH));
     * send(p, "one");
     * send(p, "two");
     * Tuple messages = info(p, Atom.of("messages"));             // {:messages, ["one", "two"]}
     * Tuple name = info(p, Atom.of("registered_name"));          // {:registered_name, []}
     * }</pre>
     */
    public static Tuple info(Pid pid, Atom item) {
        List<Tuple> items = info(pid, Collections.singletonList(item));
        return items == null ? null : items.getFirst();
    }

    /**
     * Several items of a process's info, as a keyword list of {@code {item, value}} in the order
     * asked (an item asked twice is there twice), or null if it is not alive
     * ({@code Process.info(pid, [items])}); each item as {@link #info(Pid, Atom)} gives it, all read
     * at one moment.
     *
     * <pre>{@code
     * List<Tuple> kw = info(self(), List.of(Atom.of("status"), Atom.of("trap_exit")));
     * // [{:status, :running}, {:trap_exit, false}]
     * }</pre>
     */
    public static List<Tuple> info(Pid pid, List<Atom> items) {
        List<Atom> asked = InfoItems.check(pid, items);
        Proc p = localProc(pid, "get the info of");
        if (p == null || !p.isAlive()) return null;
        Function<Atom, List<Tuple>> read = status -> InfoItems.read(p, status, asked);
        if (isCaller(p)) return p.readOwn(read);
        return p.readAfterSignals(read, InfoItems.ownerOnly(asked) ? current() : null);
    }

    /** Whether {@code p} is the calling process (an info of which it reads itself). */
    private static boolean isCaller(Proc p) {
        return p == ProcessTable.current() || p == ADOPTED.get();
    }

    // ---------------------------------------------------------------- messages

    /**
     * Sends {@code msg} to {@code to} and returns {@code msg}. Never waits for the receiver; a message
     * to a process that is gone is dropped, as on the BEAM.
     */
    public static <T> T send(Pid to, T msg) {
        if (to == null) throw nullPid("send to");
        Proc p = ProcessTable.get(to);
        if (p != null) {
            p.push(msg);
            Scheduler.yieldIfDue();
        } else if (!ProcessTable.isLocal(to)) {
            Signals.sendRemote(to, msg);
        }
        return msg;
    }

    /**
     * Sends {@code msg} to the process registered as {@code name} on {@code node} ({@code send({name,
     * node}, msg)}) and returns {@code msg}. On this node it is {@link #send(Atom, Object)}; on another
     * node a name nobody holds drops the message silently, as on the BEAM (on this node too: unlike
     * {@link #send(Atom, Object)}, {@code send({name, node()}, msg)} does not raise).
     */
    public static <T> T send(Atom name, Atom node, T msg) {
        if (node.equals(NodeNames.local())) {
            Proc p = ProcessTable.whereis(name);
            if (p != null) p.push(msg);
            return msg;
        }
        RemoteSignals r = Signals.remote;
        if (r != null) r.sendNamed(name, node, msg);
        return msg;
    }

    /**
     * Sends {@code msg} through {@code alias} (Erlang's {@code Alias ! Msg}) and returns {@code msg}: it
     * reaches the process that made the alias, on whichever node, if the alias is still active when
     * it arrives; otherwise it is dropped, as is a message to a ref that was never an alias.
     */
    public static <T> T send(Ref alias, T msg) {
        if (alias == null) throw new IllegalArgumentException("send to a null alias (sender " + self() + ")");
        Signals.sendAlias(alias, msg, true);
        return msg;
    }

    /** Sends {@code msg} to the process registered as {@code name}; throws if there is none. */
    public static <T> T send(Atom name, T msg) {
        Proc p = ProcessTable.whereis(name);
        if (p == null) {
            throw new IllegalArgumentException("cannot send to " + name + ": no process is registered under that name (sender "
                    + self() + ", message " + Inspect.inspect(msg) + ")");
        }
        p.push(msg);
        return msg;
    }

    /**
     * Sends {@code msg} to {@code to} after {@code delay} ({@code Process.send_after/3}); returns a
     * timer reference for {@link #cancelTimer}. As on the BEAM, the timer is cancelled when a local
     * {@code to} exits (by the time its Down arrives), and one for a pid that is gone is no timer at
     * all ({@link #readTimer} is null). A negative delay is an IllegalArgumentException, as the BEAM's
     * {@code badarg}.
     */
    public static Ref sendAfter(Pid to, Object msg, Duration delay) {
        if (to == null) throw nullPid("sendAfter to");
        if (delay.isNegative()) throw negativeTime("send after", delay);
        Proc dest = ProcessTable.get(to);
        if (dest == null && ProcessTable.isLocal(to)) return ProcessTable.newRef();
        return startTimer(() -> send(to, msg), delay, dest);
    }

    /**
     * Sends {@code msg} to the process registered as {@code name} after {@code delay}: the name is
     * looked up when the timer fires, and if nobody holds it then the message is dropped, as on the
     * BEAM ({@code Process.send_after(name, msg, time)}).
     */
    public static Ref sendAfter(Atom name, Object msg, Duration delay) {
        if (delay.isNegative()) throw negativeTime("send after", delay);
        return startTimer(() -> send(name, NodeNames.local(), msg), delay);
    }

    static Ref startTimer(Runnable fire, Duration delay) {
        return startTimer(fire, delay, null);
    }

    /** A timer that runs {@code fire} after {@code delay}, cancelled when {@code dest} (if not null) exits. */
    private static Ref startTimer(Runnable fire, Duration delay, Proc dest) {
        Ref ref = ProcessTable.newRef();
        long nanos = delay.isNegative() ? 0 : Math.min(saturatedNanos(delay), Timers.FOREVER);
        Timers.Timer t = Timers.timer(System.nanoTime() + nanos, () -> {
            PendingTimer pending = TIMER_REFS.remove(ref);
            if (pending == null) return;
            pending.forget(ref);
            fire.run();
        });
        TIMER_REFS.put(ref, new PendingTimer(t, dest));
        if (dest != null && !dest.addTimer(ref)) {
            TIMER_REFS.remove(ref);   // it is exiting: no timer, as for a pid that is gone
            return ref;
        }
        Timers.start(t);
        return ref;
    }

    /** A {@link #sendAfter} timer that has not fired, and the local process whose exit cancels it (or null). */
    private record PendingTimer(Timers.Timer timer, Proc dest) {
        void forget(Ref ref) {
            if (dest != null) dest.removeTimer(ref);
        }
    }

    /** The time left on a {@link #sendAfter} timer, or null if it fired or was cancelled ({@code Process.read_timer/1}). */
    public static Duration readTimer(Ref timer) {
        PendingTimer p = TIMER_REFS.get(timer);
        return p == null ? null : Duration.ofNanos(Math.max(0, p.timer().deadline - System.nanoTime()));
    }

    /** Cancels a {@link #sendAfter} timer; false if it already fired or was cancelled. */
    public static boolean cancelTimer(Ref timer) {
        PendingTimer p = TIMER_REFS.remove(timer);
        if (p == null) return false;
        p.forget(timer);
        return Timers.cancel(p.timer());
    }

    /** Waits for any message and takes it. */
    public static Object receive() {
        return receive(m -> m);
    }

    /** Waits, as long as it takes, for a message {@code matcher} takes, and returns its value. */
    @SuppressWarnings("unchecked")
    public static <T> T receive(Matcher matcher) {
        return (T) current().scan(matcher, null, -1);
    }

    /**
     * Waits up to {@code timeout} for a message {@code matcher} takes and returns its value; after
     * that returns {@code after.get()} ({@code receive ... after}). A zero timeout looks only at what is
     * already in the mailbox; a negative one is an IllegalArgumentException (the BEAM raises
     * {@code :timeout_value}).
     */
    public static <T> T receive(Matcher matcher, Duration timeout, Supplier<? extends T> after) {
        return receive(null, matcher, timeout, after);
    }

    /**
     * Like {@link #receive(Matcher, Duration, Supplier)}, for a reply that carries {@code ref}: only
     * messages that arrived after {@code ref} was made by this process are looked at (the BEAM's
     * ref trick), so a long mailbox does not slow a call down. Use with refs from {@link #makeRef()}
     * or {@link #monitor(Pid)}. A null {@code timeout} waits as long as it takes.
     */
    @SuppressWarnings("unchecked")
    public static <T> T receive(Ref ref, Matcher matcher, Duration timeout, Supplier<? extends T> after) {
        if (timeout != null && timeout.isNegative()) throw negativeTime("wait in receive", timeout);
        long nanos = timeout == null ? -1 : saturatedNanos(timeout);
        Object r = current().scan(matcher, ref, nanos);
        return r == Mailbox.TIMED_OUT ? after.get() : (T) r;
    }

    /** A negative time, which the BEAM refuses ({@code badarg}, {@code :timeout_value}, a guard). */
    private static IllegalArgumentException negativeTime(String what, Duration time) {
        return new IllegalArgumentException("cannot " + what + " a negative time: " + time + " (process " + self() + ")");
    }

    private static IllegalArgumentException nullPid(String what) {
        return new IllegalArgumentException("cannot " + what + " null: a pid is needed (caller " + self() + ")");
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    /**
     * Prints every message in the caller's mailbox, in order, and empties it; returns {@code :ok}.
     * Prints through the caller's group leader once {@code dev.weft.io.IO} is loaded, to
     * {@code System.out} before that.
     */
    public static Atom flush() {
        StringBuilder text = new StringBuilder();
        for (Object m : current().takeAll()) text.append(Inspect.inspect(m)).append('\n');
        if (!text.isEmpty()) flushOutput.accept(text.toString());
        return Atom.OK;
    }

    /** Where {@link #flush()} prints; set by {@code dev.weft.io.IO} to the caller's group leader. */
    public static void flushOutput(Consumer<String> output) {
        flushOutput = output;
    }

    /**
     * Waits {@code time}, still answering exit signals ({@code Process.sleep/1}); a negative time is
     * an IllegalArgumentException, as Elixir's guard refuses it.
     */
    public static Atom sleep(Duration time) {
        if (time.isNegative()) throw negativeTime("sleep", time);
        receive(m -> NO_MATCH, time, () -> null);
        return Atom.OK;
    }

    // ---------------------------------------------------------------- the process dictionary

    /** Stores {@code value} under {@code key} in the caller's dictionary; returns the old value or null ({@code Process.put/2}). */
    public static Object put(Object key, Object value) {
        Proc me = current();
        if (me.dictionary == null) me.dictionary = new HashMap<>();
        return me.dictionary.put(key, value);
    }

    /** The value under {@code key} in the caller's dictionary, or null ({@code Process.get/1}). */
    public static Object get(Object key) {
        return get(key, null);
    }

    /** The value under {@code key} in the caller's dictionary, or {@code fallback} ({@code Process.get/2}). */
    public static Object get(Object key, Object fallback) {
        Map<Object, Object> d = current().dictionary;
        return d == null ? fallback : d.getOrDefault(key, fallback);
    }

    /** Removes {@code key} from the caller's dictionary; returns its value or null ({@code Process.delete/1}). */
    public static Object delete(Object key) {
        Map<Object, Object> d = current().dictionary;
        return d == null ? null : d.remove(key);
    }

    /** The keys in the caller's dictionary ({@code Process.get_keys/0}). */
    public static List<Object> getKeys() {
        Map<Object, Object> d = current().dictionary;
        return d == null ? List.of() : List.copyOf(d.keySet());
    }

    /** The keys in the caller's dictionary whose value equals {@code value} ({@code Process.get_keys/1}). */
    public static List<Object> getKeys(Object value) {
        Map<Object, Object> d = current().dictionary;
        if (d == null) return List.of();
        return d.entrySet().stream().filter(e -> Objects.equals(e.getValue(), value)).map(Map.Entry::getKey).toList();
    }

    /** A new reference, unique on this node; a later {@link #receive(Ref, Matcher, Duration, Supplier)} on it skips older messages. */
    public static Ref makeRef() {
        Ref ref = ProcessTable.newRef();
        current().markFor(ref);
        return ref;
    }

    // ---------------------------------------------------------------- links and exits

    /**
     * Links the caller and {@code pid} ({@code Process.link/1}). If {@code pid} is not alive the caller
     * gets {@code {:EXIT, pid, :noproc}} when it traps exits, and exits with {@code :noproc} otherwise.
     */
    public static boolean link(Pid pid) {
        if (pid == null) throw nullPid("link to");
        Proc me = current();
        if (pid.equals(me.pid) || !me.addLink(pid)) return true;
        Proc other = ProcessTable.get(pid);
        if (ProcessTable.isLocal(pid) && (other == null || !other.isAlive())) {
            me.removeLink(pid);
            if (me.trapExit) me.appendMessage(new Exit(pid, Atom.NOPROC));
            else throw new ExitException(Atom.NOPROC);
            return true;
        }
        Signals.send(pid, new Link(me.pid));
        return true;
    }

    /** Removes the link between the caller and {@code pid}; no exit signal from it arrives after this returns. */
    public static boolean unlink(Pid pid) {
        if (pid == null) throw nullPid("unlink from");
        Proc me = current();
        if (me.removeLink(pid)) Signals.send(pid, new Unlink(me.pid));
        return true;
    }

    /**
     * Sends an exit signal to {@code pid} ({@code Process.exit/2}): {@code :kill} ends it whatever it
     * does (its links see {@code :killed}); {@code :normal} is ignored unless it traps exits (or is
     * the caller); any other reason ends it, or arrives as an {@link Exit} message if it traps exits.
     */
    public static boolean exit(Pid pid, Object reason) {
        if (pid == null) throw nullPid("send an exit signal to");
        Proc me = current();
        Proc target = ProcessTable.get(pid);
        if (target == null) {
            if (!ProcessTable.isLocal(pid)) Signals.send(pid, new ExitSignal(me.pid, reason, false));
            return true;
        }
        if (Atom.KILL.equals(reason)) {
            target.kill(Atom.KILLED);
        } else if (!target.trapExit && !Atom.NORMAL.equals(reason)) {
            target.kill(reason);
        } else if (target == me && !me.trapExit) {
            target.kill(Atom.NORMAL);
        } else {
            Signals.send(pid, new ExitSignal(me.pid, reason, false));
        }
        if (target == me) me.checkExit();
        Scheduler.yieldIfDue();
        return true;
    }

    /** Ends the calling process with {@code reason} ({@code exit/1}); always throws {@link ExitException}. */
    public static ExitException exit(Object reason) {
        throw new ExitException(reason);
    }

    /** Sets whether the caller traps exits ({@code Process.flag(:trap_exit, flag)}); returns the old value. */
    public static boolean trapExit(boolean flag) {
        Proc me = current();
        boolean old = me.trapExit;
        me.trapExit = flag;
        return old;
    }

    // ---------------------------------------------------------------- monitors

    /**
     * Monitors {@code pid}: when it ends, the caller gets a {@link Down} with this ref. A pid that is
     * already gone gives {@code Down(ref, pid, :noproc)} at once. Monitoring oneself makes no monitor
     * (the BEAM's answer: a later {@code demonitor(ref, INFO)} is false).
     */
    public static Ref monitor(Pid pid) {
        return monitor(pid, current(), null);
    }

    /** Monitors {@code pid} for {@code me}, the ref also an alias ending as {@code aliasMode} says (null: no alias). */
    private static Ref monitor(Pid pid, Proc me, Atom aliasMode) {
        if (pid == null) throw nullPid("monitor");
        Ref ref = ProcessTable.newRef();
        me.markFor(ref);
        if (pid.equals(me.pid)) return ref;   // monitoring oneself makes neither a monitor nor an alias (as the BEAM)
        me.putMonitor(ref, pid);
        if (aliasMode != null) me.addAlias(ref, aliasMode);
        Proc target = ProcessTable.get(pid);
        if (target == null && !ProcessTable.isLocal(pid)) {
            Signals.send(pid, new Monitor(ref, me.pid));
        } else if (target == null) {
            me.push(new DownSignal(ref, pid, Atom.NOPROC));   // queued behind what pid sent before it exited
        } else if (!target.isAlive() || !target.push(new Monitor(ref, me.pid))) {
            // an exit already decided (a kill sent before this monitor) is an exit done, as link's check;
            // its DOWN comes after what pid sends us as it exits (an earlier monitor's DOWN, a link's exit)
            DownSignal down = new DownSignal(ref, pid, Atom.NOPROC);
            if (me.toldOfExit(pid, ref)) target.afterExit(() -> me.push(down));
            else me.push(down);
        }
        return ref;
    }

    /**
     * {@link #monitor(Pid)}, and the ref is also an alias of the caller ({@code Process.monitor(pid,
     * alias: mode)}): a message sent to it with {@link #send(Ref, Object)} reaches the caller while it
     * is active. {@code mode} is {@link #DEMONITOR} (the alias ends with the monitor),
     * {@link #REPLY_DEMONITOR} (and with the first message through it, which also removes the
     * monitor) or {@link #EXPLICIT_UNALIAS} (only {@link #unalias} ends it). This is how
     * {@code GenServer.call} waits: a reply that comes after the call gave up is dropped.
     *
     * <pre>{@code
     * Ref ref = Kernel.monitor(server, Kernel.DEMONITOR);
     * send(server, Tuple.of(ref, Atom.of("ping")));            // the server answers send(ref, ...)
     * }</pre>
     */
    public static Ref monitor(Pid pid, Atom mode) {
        return monitor(pid, current(), checkMonitorAlias(mode));
    }

    /** {@link #monitor(Atom, Atom)} whose ref is also an alias of the caller, as {@link #monitor(Pid, Atom)}. */
    public static Ref monitor(Atom name, Atom node, Atom mode) {
        return monitor(name, node, current(), checkMonitorAlias(mode));
    }

    private static Atom checkMonitorAlias(Atom mode) {
        if (!DEMONITOR.equals(mode) && !REPLY_DEMONITOR.equals(mode) && !EXPLICIT_UNALIAS.equals(mode)) {
            throw new IllegalArgumentException("unknown monitor alias mode " + mode + " (known: " + EXPLICIT_UNALIAS + ", " + DEMONITOR + ", " + REPLY_DEMONITOR + ")");
        }
        return mode;
    }

    /**
     * A new alias of the calling process ({@code :erlang.alias/0}): a ref that works as its address,
     * from any node, until {@link #unalias}. Messages sent to it once it is inactive are dropped.
     *
     * <pre>{@code
     * Ref alias = Kernel.alias();
     * spawn(() -> send(alias, "through the alias"));
     * Object msg = receive();                                   // "through the alias"
     * Kernel.unalias(alias);                                    // later messages are dropped
     * }</pre>
     */
    public static Ref alias() {
        return alias(EXPLICIT_UNALIAS);
    }

    /** {@link #alias()} with options ({@code :erlang.alias/1}): {@link #EXPLICIT_UNALIAS}, {@link #REPLY}. */
    public static Ref alias(Atom... options) {
        Atom mode = EXPLICIT_UNALIAS;
        for (Atom o : options) {
            if (REPLY.equals(o)) mode = REPLY;
            else if (!EXPLICIT_UNALIAS.equals(o)) throw new IllegalArgumentException("unknown alias option " + o + " (known: " + EXPLICIT_UNALIAS + ", " + REPLY + ")");
        }
        Proc me = current();
        Ref ref = ProcessTable.newRef();
        me.addAlias(ref, mode);
        return ref;
    }

    /**
     * Deactivates the caller's {@code alias} ({@code :erlang.unalias/1}): messages sent to it from now
     * on, and those on their way that have not been received yet, are dropped. False if it was not an
     * active alias of the caller.
     */
    public static boolean unalias(Ref alias) {
        return alias != null && current().removeAlias(alias);
    }

    /**
     * Monitors the process registered as {@code name} on {@code node} ({@code Process.monitor({name,
     * node})}); the name is looked up once, on that node, when the monitor is made. If nobody holds it
     * (or the node cannot be reached) the {@link Down} comes at once with {@code :noproc}
     * ({@code :noconnection}). The Down carries the pid the name stood for, or {@code Pid(node, 0, 0)}
     * if nobody held it, where the BEAM's DOWN gives {@code {name, node}} in both cases.
     *
     * <pre>{@code
     * Ref ref = Kernel.monitor(Atom.of("kv"), Atom.of("b@127.0.0.1"));
     * }</pre>
     */
    public static Ref monitor(Atom name, Atom node) {
        return monitor(name, node, current(), null);
    }

    private static Ref monitor(Atom name, Atom node, Proc me, Atom aliasMode) {
        if (name == null || node == null) throw new IllegalArgumentException("monitor({name, node}) needs a name and a node, got " + name + ", " + node);
        if (node.equals(NodeNames.local())) {
            Pid pid = whereis(name);
            if (pid != null) return monitor(pid, me, aliasMode);
        }
        Ref ref = ProcessTable.newRef();
        me.markFor(ref);
        Pid nobody = new Pid(node, 0, 0);
        me.putMonitor(ref, nobody);
        if (aliasMode != null) me.addAlias(ref, aliasMode);
        RemoteSignals r = Signals.remote;
        if (node.equals(NodeNames.local())) me.push(new DownSignal(ref, nobody, Atom.NOPROC));
        else if (r == null) me.push(new DownSignal(ref, nobody, Atom.NOCONNECTION));
        else r.monitorName(me.pid, name, node, ref);
        return ref;
    }

    /**
     * Drops monitor {@code ref}: no {@link Down} for it arrives after this returns
     * ({@code Process.demonitor/2}). With {@link #FLUSH}, a Down already in the mailbox is removed
     * too. Returns true; with {@link #INFO}, whether the monitor was still there to remove (false if
     * it had fired, its Down delivered, or it was never the caller's), as on the BEAM.
     */
    public static boolean demonitor(Ref ref, Atom... options) {
        boolean flush = false;
        boolean info = false;
        for (Atom o : options) {
            if (FLUSH.equals(o)) flush = true;
            else if (INFO.equals(o)) info = true;
            else throw new IllegalArgumentException("unknown demonitor option " + o + " (known: " + FLUSH + ", " + INFO + ")");
        }
        Proc me = current();
        me.drain();             // a Down signal that has arrived fires the monitor first, as the BEAM would have
        Pid target = me.dropMonitor(ref);
        if (target != null) Signals.send(target, new Demonitor(ref, me.pid));
        if (flush) me.removeAll(downOf(ref), ref);   // a Down for ref is newer than ref: the ref trick applies
        return !info || target != null;
    }

    // ---------------------------------------------------------------- names

    /** Registers {@code pid} under {@code name} ({@code Process.register/2}); throws if either is taken or pid is dead. */
    public static boolean register(Pid pid, Atom name) {
        if (pid != null && !ProcessTable.isLocal(pid)) throw new IllegalArgumentException("could not register " + pid + " with name " + name + " because it belongs to another node");
        Proc p = ProcessTable.get(pid);
        if (p == null) throw new IllegalArgumentException("could not register " + pid + " with name " + name + " because it is not alive");
        ProcessTable.register(name, p);
        return true;
    }

    /** Removes the registration of {@code name}; throws if it is not registered. */
    public static boolean unregister(Atom name) {
        ProcessTable.unregister(name);
        return true;
    }

    /** The pid registered as {@code name}, or null ({@code Process.whereis/1}). */
    public static Pid whereis(Atom name) {
        Proc p = ProcessTable.whereis(name);
        return p == null ? null : p.pid;
    }

    /** The registered names on this node. */
    public static List<Atom> registered() {
        return ProcessTable.registered();
    }

    // ---------------------------------------------------------------- group leaders

    /** The caller's group leader: where its IO goes. */
    public static Pid groupLeader() {
        return leaderOf(current());
    }

    /**
     * {@code p}'s group leader. A thread's own process made before the node had a default group leader
     * (its standard io, started on first use) has none of its own and takes the default as it is now.
     */
    private static Pid leaderOf(Proc p) {
        Pid leader = p.groupLeader;
        return leader != null ? leader : defaultGroupLeader;
    }

    /** Makes {@code leader} the group leader of {@code pid}. */
    public static boolean groupLeader(Pid leader, Pid pid) {
        RemoteSignals r = Signals.remote;
        if (r != null && !ProcessTable.isLocal(pid)) {
            r.groupLeader(leader, pid);
            return true;
        }
        Proc p = ProcessTable.get(pid);
        if (p == null) throw new IllegalArgumentException("cannot set the group leader of " + pid + ": not alive");
        p.groupLeader = leader;
        return true;
    }

    /** The group leader given to processes spawned from threads that are not processes. */
    public static void defaultGroupLeader(Pid leader) {
        defaultGroupLeader = leader;
    }

    static Pid defaultGroupLeader() {
        return defaultGroupLeader;
    }

    /**
     * A matcher for the {@link Down} of monitor {@code ref}.
     *
     * <pre>{@code
     * Ref ref = Kernel.monitor(pid);
     * Down down = Kernel.receive(ref, Kernel.downOf(ref), Duration.ofSeconds(5), () -> null);
     * }</pre>
     */
    public static Matcher downOf(Ref ref) {
        return new DownOf(ref);
    }

    /** A record, not a lambda capturing the ref: under the flags Weft runs with, a capturing lambda is slow to allocate. */
    private record DownOf(Ref ref) implements Matcher {
        @Override
        public Object match(Object m) {
            return m instanceof Down d && d.ref().equals(ref) ? m : NO_MATCH;
        }
    }
}
