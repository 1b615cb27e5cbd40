package dev.weft.bench;

import static dev.weft.process.Kernel.*;

import dev.weft.ets.Access;
import dev.weft.ets.Ets;
import dev.weft.ets.Option;
import dev.weft.ets.TableType;
import dev.weft.ets.Tid;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * Weft's side of the ETS workloads; the BEAM's side is {@code scripts/bench/ets/ets_bench.erl}
 * and {@code scripts/bench/ets/run.sh} runs both and prints {@code workload weft beam ratio}.
 * Each figure is the median of 3 timed rounds after one warm-up round; prints
 * {@code metric value unit} lines.
 *
 * <pre>{@code
 * java -cp node/target/classes dev.weft.bench.EtsBench set_lookup 100 4000000
 * // ets_set_lookup_100p_rate 12345678 ops/s
 * }</pre>
 *
 * Workloads: {@code set_lookup P OPS}, {@code set_insert P OPS}, {@code update_counter P OPS}
 * (P processes sharing OPS operations on a public set), {@code ordered_walk N LEN} (walks of LEN
 * keys with {@code next} from 100 start points in an ordered_set of N integer keys).
 */
public final class EtsBench {
    private static final int KEYS = 100_000, REPS = 3;
    private static final Atom GO = Atom.of("go"), READY = Atom.of("ready"), DONE = Atom.of("done");

    private EtsBench() {}

    public static void main(String[] args) {
        String workload = args.length > 0 ? args[0] : "set_lookup";
        long[] n = Arrays.stream(args).skip(1).mapToLong(Long::parseLong).toArray();
        switch (workload) {
            case "set_lookup" -> {
                int p = (int) arg(n, 0, 2);
                long ops = arg(n, 1, 4_000_000);
                Tid t = newSet();
                List<Tuple> objects = new ArrayList<>(KEYS);
                for (long k = 0; k < KEYS; k++) objects.add(Tuple.of(k, k));
                Ets.insert(t, objects);
                long us = rounds(() -> parallel(p, ops / p, i -> {
                    if (Ets.lookup(t, key(i)).size() != 1) throw new AssertionError("lost key " + key(i));
                }));
                emit("ets_set_lookup_" + p + "p_rate", ops / (double) us * 1e6, "ops/s");
            }
            case "set_insert" -> {
                int p = (int) arg(n, 0, 2);
                long ops = arg(n, 1, 4_000_000);
                Tid t = newSet();
                long us = rounds(() -> parallel(p, ops / p, i -> Ets.insert(t, Tuple.of(key(i), i))));
                emit("ets_set_insert_" + p + "p_rate", ops / (double) us * 1e6, "ops/s");
            }
            case "update_counter" -> {
                int p = (int) arg(n, 0, 2);
                long ops = arg(n, 1, 4_000_000);
                Tid t = newSet();
                Atom hits = Atom.of("hits");
                Ets.insert(t, Tuple.of(hits, 0L));
                long us = rounds(() -> parallel(p, ops / p, i -> Ets.updateCounter(t, hits, 1)));
                emit("ets_update_counter_" + p + "p_rate", ops / (double) us * 1e6, "ops/s");
            }
            case "ordered_walk" -> {
                long size = arg(n, 0, 1_000_000);
                long len = arg(n, 1, 10_000);
                Tid t = Ets.newTable(Atom.of("walk"), TableType.ORDERED_SET, Access.PUBLIC, new Option.ReadConcurrency(true));
                List<Tuple> objects = new ArrayList<>((int) size);
                for (long k = 0; k < size; k++) objects.add(Tuple.of(k, k));
                Ets.insert(t, objects);
                long us = rounds(() -> {
                    long t0 = System.nanoTime();
                    for (long s = 1; s <= 100; s++) walk(t, (s * 7919) % (size - len), len);
                    return (System.nanoTime() - t0) / 1000;
                });
                emit("ordered_walk_rate", 100 * len / (double) us * 1e6, "keys/s");
            }
            default -> throw new IllegalArgumentException("unknown workload " + workload
                    + " (known: set_lookup, set_insert, update_counter, ordered_walk)");
        }
        System.exit(0);
    }

    private static long arg(long[] n, int i, long dflt) {
        return i < n.length ? n[i] : dflt;
    }

    private static Tid newSet() {
        return Ets.newTable(Atom.of("bench"), TableType.SET, Access.PUBLIC,
                new Option.ReadConcurrency(true), new Option.WriteConcurrency(true));
    }

    /** Spread-out keys: the same sequence as ets_bench:key/1. */
    private static long key(long i) {
        return (i * 7919) % KEYS;
    }

    /**
     * P processes, each calling {@code op} for its own {@code each} values of i, all started before
     * the clock starts; returns the elapsed microseconds.
     */
    private static long parallel(int p, long each, LongConsumer op) {
        Pid me = self();
        List<Pid> workers = new ArrayList<>(p);
        for (int w = 0; w < p; w++) {
            long from = w * each;
            workers.add(spawnLink(() -> {
                send(me, Tuple.of(READY, self()));
                receive(m -> m == GO ? m : NO_MATCH);
                for (long i = from; i < from + each; i++) op.accept(i);
                send(me, Tuple.of(DONE, self()));
            }));
        }
        for (Pid w : workers) receive(m -> m instanceof Tuple t && t.is(READY, 2) && t.get(1).equals(w) ? m : NO_MATCH);
        long t0 = System.nanoTime();
        for (Pid w : workers) send(w, GO);
        for (Pid w : workers) receive(m -> m instanceof Tuple t && t.is(DONE, 2) && t.get(1).equals(w) ? m : NO_MATCH);
        return (System.nanoTime() - t0) / 1000;
    }

    private static void walk(Tid t, long from, long len) {
        Object k = from;
        for (long left = len; left > 0; left--) {
            k = Ets.next(t, k);
            if (k == Ets.END_OF_TABLE) return;
        }
    }

    private interface Round {
        long micros();
    }

    /** One warm-up round, then the median of REPS timed rounds. */
    private static long rounds(Round round) {
        round.micros();
        long[] us = new long[REPS];
        for (int i = 0; i < REPS; i++) us[i] = round.micros();
        Arrays.sort(us);
        return us[REPS / 2];
    }

    private static void emit(String metric, double value, String unit) {
        System.out.println(metric + " " + (value >= 1000 ? String.valueOf(Math.round(value)) : String.format(Locale.ROOT, "%.3f", value)) + " " + unit);
    }
}
