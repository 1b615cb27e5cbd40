package dev.weft.otp;

import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A {@link DynamicSupervisor} of tasks: Elixir's {@code Task.Supervisor}. Its tasks are temporary
 * (never restarted) and are stopped with it.
 *
 * <pre>{@code
 * Pid sup = TaskSupervisor.startLink();
 * TaskSupervisor.startChild(sup, () -> System.out.println("fire and forget"));
 *
 * Task<Integer> task = TaskSupervisor.asyncNolink(sup, () -> 1 / 0);
 * Tuple result = task.yield(Duration.ofSeconds(1));    // {:exit, {%ArithmeticException{...}, [...]}}
 * }</pre>
 *
 * <p>{@link #async} links the task to the caller as {@link Task#async} does; {@link #asyncNolink}
 * does not, so a crash reaches the caller only as the {@code DOWN} of the task's monitor (or an
 * {@code {:exit, reason}} from {@link Task#yield}). The caller is the task's owner either way.
 */
public final class TaskSupervisor {
    private TaskSupervisor() {}

    /** Starts a task supervisor linked to the caller. */
    public static Pid startLink() {
        return DynamicSupervisor.startLink();
    }

    /** Starts a task supervisor registered as {@code name}, linked to the caller. */
    public static Pid startLink(Atom name) {
        return DynamicSupervisor.startLink(name, Integer.MAX_VALUE, 3, Duration.ofSeconds(5));
    }

    /** Runs {@code fn} in a supervised task, for side effects; returns its pid. */
    public static Pid startChild(Object supervisor, Runnable fn) {
        return DynamicSupervisor.startChild(supervisor, spec(Task.runnable(fn), Kernel.self(), false));
    }

    /**
     * {@link Task#async}, supervised: linked to and owned by the caller. The supervisor may be on
     * another node, {@code Tuple.of(name, node)}, as in Elixir's distributed tasks; the function then
     * travels to it, so it must be a {@link Task.Fn} (a lambda written here is one) of a class that
     * node allows.
     *
     * <pre>{@code
     * Task<Atom> where = TaskSupervisor.async(Tuple.of(Atom.of("tasks"), Atom.of("b@127.0.0.1")), () -> Node.self());
     * Atom b = where.await();                                    // :"b@127.0.0.1"
     * }</pre>
     */
    public static <T> Task<T> async(Object supervisor, Supplier<T> fn) {
        return Task.connect(startTask(supervisor, fn), true);
    }

    /** {@link #async(Object, Supplier)} of a function that can travel to a supervisor on another node. */
    public static <T> Task<T> async(Object supervisor, Task.Fn<T> fn) {
        return async(supervisor, (Supplier<T>) fn);
    }

    /** A supervised task owned by the caller but not linked to it; the supervisor may be on another node, as for {@link #async(Object, Supplier)}. */
    public static <T> Task<T> asyncNolink(Object supervisor, Supplier<T> fn) {
        return Task.connect(startTask(supervisor, fn), false);
    }

    /** {@link #asyncNolink(Object, Supplier)} of a function that can travel to a supervisor on another node. */
    public static <T> Task<T> asyncNolink(Object supervisor, Task.Fn<T> fn) {
        return asyncNolink(supervisor, (Supplier<T>) fn);
    }

    /** A task of {@code fn} under {@code supervisor}, that replies to the caller: built here, or by a supervisor on another node. */
    private static Pid startTask(Object supervisor, Supplier<?> fn) {
        if (Names.remote(supervisor) == null) return DynamicSupervisor.startChild(supervisor, spec(fn, Kernel.self(), true));
        return Supervisor.started(GenServer.call(supervisor, new DynamicServer.StartTask(fn, Kernel.self(), true), GenServer.INFINITY));
    }

    /**
     * {@link Task#asyncStream(Iterable, Function, Task.StreamOptions)} with each task under
     * {@code supervisor}, linked to the caller ({@code Task.Supervisor.async_stream/4}).
     */
    public static <T, R> Stream<Tuple> asyncStream(Object supervisor, Iterable<? extends T> items, Function<? super T, ? extends R> fn,
                                                   Task.StreamOptions options) {
        return TaskStream.of(items, fn, f -> async(supervisor, f), true, options);
    }

    /**
     * {@link #asyncStream} with tasks not linked to the caller: a task that fails gives
     * {@code {:exit, reason}} whether or not the caller traps exits ({@code Task.Supervisor.async_stream_nolink/4}).
     *
     * <pre>{@code
     * Pid sup = TaskSupervisor.startLink();
     * List<Tuple> out = TaskSupervisor.asyncStreamNolink(sup, List.of(1, 0), (Integer x) -> 10 / x,
     *         Task.StreamOptions.defaults()).toList();   // [{:ok, 10}, {:exit, {%ArithmeticException{...}, [...]}}]
     * }</pre>
     */
    public static <T, R> Stream<Tuple> asyncStreamNolink(Object supervisor, Iterable<? extends T> items, Function<? super T, ? extends R> fn,
                                                         Task.StreamOptions options) {
        return TaskStream.of(items, fn, f -> asyncNolink(supervisor, f), false, options);
    }

    /** The pids of the running tasks. */
    public static List<Pid> children(Object supervisor) {
        return DynamicSupervisor.whichChildren(supervisor).stream().map(Supervisor.Child::pid).toList();
    }

    /** Stops task {@code pid}. */
    public static void terminateChild(Object supervisor, Pid pid) {
        DynamicSupervisor.terminateChild(supervisor, pid);
    }

    /** The child spec of a temporary task of {@code fn} started for {@code caller}. */
    static ChildSpec spec(Supplier<?> fn, Pid caller, boolean replies) {
        return ChildSpec.worker(Atom.UNDEFINED, () -> Kernel.spawnLink(Task.body(fn, caller, replies)))
                .withRestart(ChildSpec.Restart.TEMPORARY);
    }
}
