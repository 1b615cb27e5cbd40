package dev.weft.otp;

import dev.weft.process.Down;
import dev.weft.process.ExitException;
import dev.weft.process.Kernel;
import dev.weft.process.Matcher;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A process that computes one value for its owner: Elixir's {@code %Task{}} and {@code Task}
 * module. {@link #async} starts it linked to and monitored by the caller (its owner), and
 * {@link #await} waits for the value.
 *
 * <pre>{@code
 * Task<Integer> task = Task.async(() -> 1 + 2);
 * int three = task.await();                        // default 5 s
 *
 * List<Integer> all = Task.awaitMany(List.of(Task.async(() -> 1), Task.async(() -> 2)), Duration.ofSeconds(5));
 * Pid fireAndForget = Task.start(() -> System.out.println("hello"));
 * }</pre>
 *
 * <p>A task that raises or exits takes its owner down through the link, unless the owner traps
 * exits; then {@code await} exits with {@code {reason, {Task, :await, [task, timeout]}}}. A raise is
 * logged (logger {@code dev.weft.otp}) naming the task and the process that started it, as
 * Elixir does, and the task's exit reason is {@code {exception, stacktrace}}. The value arrives as
 * the message {@code {ref, value}} (a {@link Tuple}), so a GenServer that started a task with
 * {@link TaskSupervisor#asyncNolink} can match it in {@code handleInfo}; it is sent to an alias of
 * the owner that ends when the owner stops waiting ({@link #await} timed out, {@link #ignore}), so a
 * late value is dropped, as in Elixir 1.14. Only the owner may await, yield, ignore or shut down a task.
 *
 * @param pid   the task process
 * @param ref   the owner's monitor on it, which also tags the reply
 * @param owner the process that started it
 * @param <T>   the value's type
 */
public record Task<T>(Pid pid, Ref ref, Pid owner) {
    private static final Atom CALLERS = Atom.of("$callers");
    private static final Atom ANCESTORS = Atom.of("$ancestors");

    private static final Atom EXIT = Atom.of("exit");

    /**
     * A task function that can travel to another node ({@link TaskSupervisor#async(Object, Fn)} on a
     * remote supervisor): a lambda written where one is expected is serializable.
     */
    @FunctionalInterface
    public interface Fn<T> extends Supplier<T>, java.io.Serializable {}

    /** Tells a task process to start: it answers {@code {ref, value}} to {@code ref}, its owner's alias. */
    record Go(Ref ref) {}

    // ---------------------------------------------------------------- starting

    /** Starts {@code fn} linked to and monitored by the caller. */
    public static <T> Task<T> async(Supplier<T> fn) {
        return Task.<T>connect(Kernel.spawnLink(body(fn, Kernel.self(), true)), false);
    }

    /**
     * A task that has already run and given {@code value} ({@code Task.completed/1}): awaiting or
     * yielding it gives {@code value} at once. It has no process ({@code pid} is null), so it cannot
     * be shut down.
     *
     * <pre>{@code
     * List<Task<Integer>> tasks = List.of(Task.completed(0), Task.async(() -> 1 + 1));
     * List<Integer> values = Task.awaitMany(tasks, Duration.ofSeconds(5));   // [0, 2]
     * }</pre>
     */
    public static <T> Task<T> completed(T value) {
        Ref ref = Kernel.makeRef();
        Pid me = Kernel.self();
        Kernel.send(me, Tuple.of(ref, value));
        return new Task<>(null, ref, me);
    }

    /** Runs {@code fn} in a new process, unlinked; for side effects. */
    public static Pid start(Runnable fn) {
        return Kernel.spawn(body(runnable(fn), Kernel.self(), false));
    }

    /** Runs {@code fn} in a new process linked to the caller; for side effects. */
    public static Pid startLink(Runnable fn) {
        return Kernel.spawnLink(body(runnable(fn), Kernel.self(), false));
    }

    static Supplier<Object> runnable(Runnable fn) {
        if (fn == null) throw new IllegalArgumentException("a task needs a function to run (caller " + Kernel.self() + ")");
        return () -> {
            fn.run();
            return Atom.OK;
        };
    }

    /** The caller becomes the owner of task process {@code pid}, which waits for {@link Go}. */
    static <T> Task<T> connect(Pid pid, boolean link) {
        if (link) Kernel.link(pid);
        Ref ref = Kernel.monitor(pid, Kernel.DEMONITOR);   // the task replies to this alias: nothing comes once the owner demonitors
        Pid me = Kernel.self();
        Kernel.send(pid, new Go(ref));
        return new Task<>(pid, ref, me);
    }

    /**
     * A task process: waits for its owner if it replies, runs {@code fn}, reports a crash as Elixir's
     * Task does. Called in the starter; the task's {@code :"$callers"} and {@code :"$ancestors"} are
     * the starter's with the starter in front, as Elixir sets them.
     */
    static Runnable body(Supplier<?> fn, Pid starter, boolean replies) {
        if (fn == null) throw new IllegalArgumentException("a task needs a function to run (caller " + starter + ")");
        List<Object> callers = lineage(starter, CALLERS);
        List<Object> ancestors = lineage(starter, ANCESTORS);
        return () -> {
            Kernel.put(CALLERS, callers);
            Kernel.put(ANCESTORS, ancestors);
            Go go = replies ? Kernel.receive(m -> m instanceof Go g ? g : Kernel.NO_MATCH) : null;
            Object value;
            try {
                value = fn.get();
            } catch (ExitException e) {
                if (!Kernel.alive(Kernel.self())) throw e;
                throw crashed(e.reason(), fn, starter);
            } catch (Throwable t) {
                throw crashed(Exits.reasonOf(t), fn, starter);
            }
            if (go != null) Kernel.send(go.ref(), Tuple.of(go.ref(), value));
        };
    }

    /** {@code [starter | the caller's list under key]}, read in the caller. */
    private static List<Object> lineage(Pid starter, Atom key) {
        List<Object> out = new ArrayList<>();
        out.add(starter);
        if (Kernel.get(key) instanceof List<?> before) out.addAll(before);
        return List.copyOf(out);
    }

    private static ExitException crashed(Object reason, Supplier<?> fn, Pid starter) {
        if (!Exits.quiet(reason)) {
            Reports.error("Task " + Kernel.self() + " started from " + starter + " terminating", reason,
                    "\nFunction: " + fn.getClass().getName() + "\n    Args: []");
        }
        return new ExitException(reason);
    }

    // ---------------------------------------------------------------- waiting

    /** {@link #await(Duration)} for five seconds. */
    public T await() {
        return await(GenServer.DEFAULT_TIMEOUT);
    }

    /**
     * The task's value, waiting up to {@code timeout}. Exits with {@code {:timeout, {Task, :await,
     * [task, ms]}}} if it does not come in time (the task goes on, until the owner's exit reaches it
     * through the link), or with {@code {reason, ...}} if the task exited first
     * ({@code {{:nodedown, node}, ...}} if the task's node went away).
     */
    @SuppressWarnings("unchecked")
    public T await(Duration timeout) {
        Tuple r = outcome(receiveFromTask(timeout, "await"), "await", this, Exits.timeoutTerm(timeout));
        if (r == null) {
            Kernel.demonitor(ref, Kernel.FLUSH);   // a reply after this is dropped, as in Elixir
            throw Exits.failed(Atom.TIMEOUT, "Task", "await", this, Exits.timeoutTerm(timeout));
        }
        if (Atom.OK.equals(r.get(0))) return (T) r.get(1);
        throw Exits.failed(r.get(1), "Task", "await", this, Exits.timeoutTerm(timeout));
    }

    /**
     * Waits up to {@code timeout}: {@code {:ok, value}}, {@code {:exit, reason}} if the task exited,
     * or null if it is still running (then yield or await again, or {@link #shutdown}). Exits with
     * {@code {{:nodedown, node}, {Task, :yield, [task, ms]}}} if the task's node went away, as Elixir does.
     */
    public Tuple yield(Duration timeout) {
        return outcome(receiveFromTask(timeout, "yield"), "yield", this, Exits.timeoutTerm(timeout));
    }

    /** The reply {@code {ref, value}} or the DOWN, whichever comes first within {@code timeout}; null after it. */
    Object receiveFromTask(Duration timeout, String what) {
        checkOwner(what);
        return Kernel.receive(ref, this::fromTask, timeout, () -> null);
    }

    /** What a message from this task (its reply or its DOWN; null: none) means: {@code {:ok, value}}, {@code {:exit, reason}} or null. */
    Tuple outcome(Object fromTask) {
        return switch (fromTask) {
            case Tuple t -> {
                Kernel.demonitor(ref, Kernel.FLUSH);
                yield Tuple.of(Atom.OK, t.get(1));
            }
            case Down d -> Tuple.of(EXIT, d.reason());
            case null, default -> null;
        };
    }

    /** {@link #outcome(Object)} for {@code Task.<fun>(args)}, which exits {@code {{:nodedown, node}, ...}} if the task's node went away. */
    private Tuple outcome(Object fromTask, String fun, Object... args) {
        if (fromTask instanceof Down d && Atom.NOCONNECTION.equals(d.reason())) {
            throw Exits.failed(Exits.callReason(d), "Task", fun, args);
        }
        return outcome(fromTask);
    }

    /**
     * Stops owning the task ({@code Task.ignore/1}): it is unlinked and no longer monitored, and runs
     * on with nobody waiting for it. Returns {@code {:ok, value}} if its value had come,
     * {@code {:exit, reason}} if it had exited, or null.
     */
    public Tuple ignore() {
        checkOwner("ignore");
        Object r = Kernel.receive(ref, this::fromTask, Duration.ZERO, () -> null);
        if (r instanceof Down d) return outcome(d, "ignore", this);
        if (pid != null) Kernel.unlink(pid);
        Kernel.demonitor(ref, Kernel.FLUSH);
        return r instanceof Tuple t ? Tuple.of(Atom.OK, t.get(1)) : null;
    }

    /** {@link #shutdown(Duration)} with five seconds. */
    public Tuple shutdown() {
        return shutdown(GenServer.DEFAULT_TIMEOUT);
    }

    /**
     * Stops the task: unlinks it, sends it {@code :shutdown} (or kills it at once for
     * {@link ChildSpec#BRUTAL_KILL}), and kills it if it has not exited after {@code timeout}.
     * Returns {@code {:ok, value}} if its value arrived meanwhile, {@code {:exit, reason}} if it had
     * exited for another reason, or null.
     */
    public Tuple shutdown(Duration timeout) {
        checkOwner("shutdown");
        if (pid == null) throw new IllegalArgumentException("task " + this + " (Task.completed) has no process to shut down");
        Ref mon = Kernel.monitor(pid);   // its own monitor, as Elixir's: the task's may be gone (an await that timed out)
        Kernel.unlink(pid);
        Kernel.exit(pid, timeout.isZero() ? Atom.KILL : Atom.SHUTDOWN);
        Matcher down = m -> m instanceof Down x && x.ref().equals(mon) ? x : Kernel.NO_MATCH;
        Down d = Kernel.receive(ref, down, timeout, () -> null);
        if (d == null) {
            Kernel.exit(pid, Atom.KILL);
            d = Kernel.receive(ref, down, GenServer.INFINITY, () -> null);
        }
        Object why = d.reason();
        if (Atom.NOPROC.equals(why)) {   // gone before: the task's own DOWN, if it came, says why (as Elixir's flush_noproc)
            Down own = Kernel.receive(m -> m instanceof Down x && x.ref().equals(ref) ? x : Kernel.NO_MATCH, Duration.ZERO, () -> null);
            if (own != null) why = own.reason();
        }
        Kernel.demonitor(ref, Kernel.FLUSH);
        Object reply = Kernel.receive(m -> m instanceof Tuple t && isReply(t) ? t : Kernel.NO_MATCH, Duration.ZERO, () -> null);
        if (reply != null) return Tuple.of(Atom.OK, ((Tuple) reply).get(1));
        return Atom.SHUTDOWN.equals(why) || Atom.KILLED.equals(why) ? null : Tuple.of(EXIT, why);
    }

    /**
     * {@link #asyncStream(Iterable, Function, StreamOptions)} with the default options: as many tasks
     * at once as there are schedulers, in order, five seconds per task ({@code Task.async_stream(enumerable, fun)}).
     *
     * <pre>{@code
     * List<Tuple> doubled = Task.asyncStream(List.of(1, 2, 3), x -> x * 2).toList();   // [{:ok, 2}, {:ok, 4}, {:ok, 6}]
     * }</pre>
     */
    public static <T, R> Stream<Tuple> asyncStream(Iterable<? extends T> items, Function<? super T, ? extends R> fn) {
        return asyncStream(items, fn, StreamOptions.defaults());
    }

    /** {@link #asyncStream(Iterable, Function, StreamOptions)} with {@code max_concurrency} and {@code timeout} set. */
    public static <T, R> Stream<Tuple> asyncStream(Iterable<? extends T> items, Function<? super T, ? extends R> fn,
                                                   int maxConcurrency, Duration timeout) {
        return asyncStream(items, fn, StreamOptions.defaults().maxConcurrency(maxConcurrency).timeout(timeout));
    }

    /**
     * Runs {@code fn} on each item in a task of its own ({@link #async}: linked to the caller), at
     * most {@code maxConcurrency} at once, and gives {@code {:ok, value}} per item, in the items' order
     * or, unless {@code ordered}, as the tasks finish ({@code Task.async_stream(enumerable, fun, options)}).
     * Lazy, as Elixir's: tasks start as the stream is consumed, by the process that consumes it.
     *
     * <p>A task not done within {@code timeout} of its start makes the caller exit with
     * {@code {:timeout, {Task.Supervised, :stream, [ms]}}}, its other tasks shut down first (Elixir's
     * default {@code on_timeout: :exit}), or, with {@code on_timeout: :kill_task}, is killed and gives
     * {@code {:exit, :timeout}}. A task that raises takes the caller down through the link, or gives
     * {@code {:exit, reason}} to a caller that traps exits ({@code {:exit, {item, reason}}} with
     * {@code zipInputOnExit}); the caller's mailbox is left as it was.
     *
     * <pre>{@code
     * var opts = Task.StreamOptions.defaults().ordered(false).timeout(Duration.ofMillis(100)).onTimeout(Atom.of("kill_task"));
     * List<Tuple> out = Task.asyncStream(List.of(10, 500, 20), (Integer ms) -> {
     *     Kernel.receive(m -> Kernel.NO_MATCH, Duration.ofMillis(ms), () -> null);
     *     return ms;
     * }, opts).toList();                                     // [{:ok, 10}, {:ok, 20}, {:exit, :timeout}]
     * }</pre>
     */
    public static <T, R> Stream<Tuple> asyncStream(Iterable<? extends T> items, Function<? super T, ? extends R> fn, StreamOptions options) {
        return TaskStream.of(items, fn, Task::async, true, options);
    }

    /**
     * The options of an async stream, as Elixir's keyword list: {@code maxConcurrency}
     * ({@code max_concurrency}), {@code ordered}, {@code timeout} per task, {@code onTimeout}
     * ({@code :exit} or {@code :kill_task}), {@code zipInputOnExit} ({@code zip_input_on_exit}). Start
     * from {@link #defaults()} and change what you need.
     *
     * <pre>{@code
     * Task.StreamOptions opts = Task.StreamOptions.defaults().maxConcurrency(8).ordered(false);
     * }</pre>
     */
    public record StreamOptions(int maxConcurrency, boolean ordered, Duration timeout, Atom onTimeout, boolean zipInputOnExit) {
        public StreamOptions {
            if (maxConcurrency < 1) throw new IllegalArgumentException("an async stream needs a max concurrency of at least 1, got " + maxConcurrency);
            if (timeout == null || timeout.isNegative()) throw new IllegalArgumentException("an async stream needs a timeout of 0 or more, got " + timeout);
            if (!EXIT.equals(onTimeout) && !Atom.of("kill_task").equals(onTimeout)) {
                throw new IllegalArgumentException("on_timeout must be :exit or :kill_task, got " + onTimeout);
            }
        }

        /** As many tasks at once as there are schedulers, in order, 5 s each, {@code on_timeout: :exit}. */
        public static StreamOptions defaults() {
            return new StreamOptions(Runtime.getRuntime().availableProcessors(), true, GenServer.DEFAULT_TIMEOUT, EXIT, false);
        }

        public StreamOptions maxConcurrency(int n) {
            return new StreamOptions(n, ordered, timeout, onTimeout, zipInputOnExit);
        }

        public StreamOptions ordered(boolean inOrder) {
            return new StreamOptions(maxConcurrency, inOrder, timeout, onTimeout, zipInputOnExit);
        }

        public StreamOptions timeout(Duration perTask) {
            return new StreamOptions(maxConcurrency, ordered, perTask, onTimeout, zipInputOnExit);
        }

        public StreamOptions onTimeout(Atom exitOrKillTask) {
            return new StreamOptions(maxConcurrency, ordered, timeout, exitOrKillTask, zipInputOnExit);
        }

        public StreamOptions zipInputOnExit(boolean zip) {
            return new StreamOptions(maxConcurrency, ordered, timeout, onTimeout, zip);
        }
    }

    /**
     * Waits for all {@code tasks} (all owned by the caller) and returns their values in order.
     * Exits with {@code {:timeout, {Task, :await_many, [tasks, ms]}}} if they are not all done within
     * {@code timeout}, or {@code {reason, ...}} as soon as one exits.
     */
    @SuppressWarnings("unchecked")
    public static <T> List<T> awaitMany(List<Task<T>> tasks, Duration timeout) {
        Map<Ref, Integer> pending = new HashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            tasks.get(i).checkOwner("awaitMany");
            pending.put(tasks.get(i).ref(), i);
        }
        List<Object> values = new ArrayList<>(java.util.Collections.nCopies(tasks.size(), null));
        long deadline = System.nanoTime() + Exits.saturatedNanos(timeout);
        while (!pending.isEmpty()) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            Object r = Kernel.receive(m -> m instanceof Tuple t && t.size() == 2 && t.get(0) instanceof Ref ref && pending.containsKey(ref)
                    || m instanceof Down d && pending.containsKey(d.ref()) ? m : Kernel.NO_MATCH, left, () -> null);
            switch (r) {
                case Tuple t -> {
                    Ref ref = (Ref) t.get(0);
                    values.set(pending.remove(ref), t.get(1));
                    Kernel.demonitor(ref, Kernel.FLUSH);
                }
                case Down d -> throw Exits.failed(Exits.callReason(d), "Task", "await_many", tasks, Exits.timeoutTerm(timeout));
                case null, default -> {
                    for (Ref ref : pending.keySet()) Kernel.demonitor(ref, Kernel.FLUSH);
                    throw Exits.failed(Atom.TIMEOUT, "Task", "await_many", tasks, Exits.timeoutTerm(timeout));
                }
            }
        }
        return (List<T>) List.copyOf(values);
    }

    /**
     * Waits up to {@code timeout} in all for all {@code tasks} (all owned by the caller) and returns
     * what {@link #yield} would for each, in order: {@code {:ok, value}}, {@code {:exit, reason}}, or
     * null for one still running ({@code Task.yield_many/2}, without the task in each pair).
     */
    public static List<Tuple> yieldMany(List<? extends Task<?>> tasks, Duration timeout) {
        long deadline = System.nanoTime() + Exits.saturatedNanos(timeout);
        List<Tuple> out = new ArrayList<>(tasks.size());
        for (Task<?> t : tasks) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            out.add(t.outcome(t.receiveFromTask(left, "yieldMany"), "yield_many", tasks, Exits.timeoutTerm(timeout)));
        }
        return java.util.Collections.unmodifiableList(out);
    }

    private Object fromTask(Object m) {
        return m instanceof Tuple t && isReply(t) || m instanceof Down d && d.ref().equals(ref) ? m : Kernel.NO_MATCH;
    }

    private boolean isReply(Tuple t) {
        return t.size() == 2 && ref.equals(t.get(0));
    }

    private void checkOwner(String what) {
        Pid me = Kernel.self();
        if (!owner.equals(me)) {
            throw new IllegalArgumentException("task " + pid + " must be queried from its owner " + owner + " but " + what
                    + " was called from " + me);
        }
    }
}
