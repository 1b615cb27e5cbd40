package dev.weft.otp;

import dev.weft.process.Down;
import dev.weft.process.Exit;
import dev.weft.process.ExitException;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The stream behind {@link Task#asyncStream} and {@link TaskSupervisor#asyncStream}: a task per
 * item, started as the stream is consumed (by the process that consumes it), at most
 * {@code maxConcurrency} at once, each given {@code timeout} from its start. Gives what each task
 * ended with, in the items' order or as they finish. Like Elixir's, it leaves nothing in the
 * caller's mailbox: a linked task is unlinked once its end is known, and its {@code :EXIT} message
 * (when the caller traps exits) taken away.
 */
final class TaskStream<T, R> implements Iterator<Tuple> {
    private static final Atom EXIT = Atom.of("exit");

    private record Running<T>(Task<?> task, T input, long deadline) {}

    private final Iterator<? extends T> source;
    private final Function<? super T, ? extends R> fn;
    private final Function<Supplier<R>, Task<R>> start;
    private final boolean linked;
    private final Task.StreamOptions options;
    /** The running tasks by monitor ref, in the order they started (so also of their deadlines). */
    private final LinkedHashMap<Ref, Running<T>> running = new LinkedHashMap<>();

    private TaskStream(Iterable<? extends T> items, Function<? super T, ? extends R> fn, Function<Supplier<R>, Task<R>> start,
                       boolean linked, Task.StreamOptions options) {
        this.source = items.iterator();
        this.fn = fn;
        this.start = start;
        this.linked = linked;
        this.options = options;
    }

    /** A lazy stream of {@code fn} over {@code items}, each in a task {@code start} makes (linked to the caller if {@code linked}). */
    static <T, R> Stream<Tuple> of(Iterable<? extends T> items, Function<? super T, ? extends R> fn,
                                   Function<Supplier<R>, Task<R>> start, boolean linked, Task.StreamOptions options) {
        TaskStream<T, R> it = new TaskStream<>(items, fn, start, linked, options);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false);
    }

    @Override
    public boolean hasNext() {
        while (running.size() < options.maxConcurrency() && source.hasNext()) {
            T item = source.next();
            Task<R> task = start.apply(() -> fn.apply(item));
            running.put(task.ref(), new Running<>(task, item, System.nanoTime() + Exits.saturatedNanos(options.timeout())));
        }
        return !running.isEmpty();
    }

    @Override
    public Tuple next() {
        if (!hasNext()) throw new NoSuchElementException();
        Running<T> first = running.firstEntry().getValue();
        Object m = options.ordered()
                ? first.task().receiveFromTask(left(first), "asyncStream")
                : Kernel.receive(x -> x instanceof Tuple t && t.size() == 2 && t.get(0) instanceof Ref ref && running.containsKey(ref)
                        || x instanceof Down d && running.containsKey(d.ref()) ? x : Kernel.NO_MATCH, left(first), () -> null);
        if (m == null) return timedOut(first);
        Running<T> r = running.remove(m instanceof Down d ? d.ref() : ((Tuple) m).get(0));
        return ended(r, r.task().outcome(m));
    }

    private static Duration left(Running<?> r) {
        return Duration.ofNanos(Math.max(0, r.deadline() - System.nanoTime()));
    }

    /** {@code r}'s deadline passed: the caller exits (its other tasks shut down first), or, with {@code :kill_task}, {@code r} is killed. */
    private Tuple timedOut(Running<T> r) {
        running.remove(r.task().ref());
        if (EXIT.equals(options.onTimeout())) {
            r.task().shutdown(Duration.ZERO);
            for (Running<T> other : running.values()) other.task().shutdown(Duration.ZERO);
            running.clear();
            throw new ExitException(Tuple.of(Atom.TIMEOUT, Tuple.of(Atom.of("Elixir.Task.Supervised"), Atom.of("stream"),
                    java.util.List.of(Exits.timeoutTerm(options.timeout())))));
        }
        Tuple late = r.task().shutdown(Duration.ZERO);   // a value that came meanwhile, or another exit
        return ended(r, late != null ? late : Tuple.of(EXIT, Atom.TIMEOUT));
    }

    private Tuple ended(Running<T> r, Tuple outcome) {
        if (linked) {
            Kernel.unlink(r.task().pid());
            Kernel.receive(m -> m instanceof Exit e && e.from().equals(r.task().pid()) ? m : Kernel.NO_MATCH, Duration.ZERO, () -> null);
        }
        if (options.zipInputOnExit() && EXIT.equals(outcome.get(0))) return Tuple.of(EXIT, Tuple.of(r.input(), outcome.get(1)));
        return outcome;
    }
}
