package dev.weft.bench;

import static dev.weft.process.Kernel.NO_MATCH;
import static dev.weft.process.Kernel.receive;
import static dev.weft.process.Kernel.spawnMonitor;

import dev.weft.process.Down;
import dev.weft.process.Spawned;
import dev.weft.term.Atom;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * What every benchmark main shares with the BEAM side ({@code beam_bench.erl}): one
 * {@code metric value unit} line per figure on stdout, the workload run in a fresh process, and
 * sizes read from the command line with defaults.
 *
 * <pre>{@code
 * long[] n = Bench.sizes(args, 1, 1_000_000);   // WORKLOAD N, N defaulting to 1,000,000
 * Bench.inProcess(() -> {
 *     long t0 = System.nanoTime();
 *     // ... the workload ...
 *     Bench.emit("my_workload_ms", Bench.ms(t0, System.nanoTime()), "ms");
 * });
 * }</pre>
 */
final class Bench {
    private Bench() {}

    /** Prints one metric the way {@code beam_bench:emit/3} does (integers from 1000 up, else 3 decimals). */
    static void emit(String metric, double value, String unit) {
        String v = Math.abs(value) >= 1000 ? Long.toString(Math.round(value))
                : String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "").replaceAll("\\.$", ".0");
        System.out.println(metric + " " + v + " " + unit);
    }

    static double ms(long t0Nanos, long t1Nanos) {
        return (t1Nanos - t0Nanos) / 1e6;
    }

    static double us(long t0Nanos, long t1Nanos) {
        return (t1Nanos - t0Nanos) / 1e3;
    }

    static double perSecond(long count, long t0Nanos, long t1Nanos) {
        return count * 1e9 / (t1Nanos - t0Nanos);
    }

    /**
     * Runs {@code round} until the JIT has had {@code weft.benchWarmupMs} (default 1000) to compile
     * the workload's path, so the timed run that follows measures compiled code as a long-running
     * node runs it (the BEAM loads its code compiled). Cold figures are printed where they matter.
     */
    static void warmUp(Runnable round) {
        warmUp(1000, round);
    }

    /** {@link #warmUp(Runnable)} for {@code millis} unless {@code weft.benchWarmupMs} says otherwise. */
    static void warmUp(long millis, Runnable round) {
        long until = System.nanoTime() + Long.getLong("weft.benchWarmupMs", millis) * 1_000_000;
        do {
            round.run();
        } while (System.nanoTime() < until);
    }

    /**
     * Runs {@code round} until it stops getting faster and the JIT has done compiling: in one-second
     * windows, at least {@code minMillis}, then until {@link #STEADY_WINDOWS} windows in a row ran no
     * more than 3% more rounds than the best window before them and added under
     * {@link #QUIET_COMPILE_MS} to {@code compileMillis} (the compilers' time so far, of every JVM the
     * workload runs on), at most {@code maxMillis} ({@code weft.benchWarmupMs} replaces both). For
     * paths that take the JIT many seconds to compile (two JVMs with gRPC and Netty between them on two
     * cores: a remote link exit took 8,000 trials to settle; remote spawns one at a time looked steady
     * at 3-6 k/s while C2 still compiled them, and ran at 20-26 k/s after 20 s).
     */
    static void warmUntilSteady(long minMillis, long maxMillis, Runnable round, LongSupplier compileMillis) {
        Long fixed = Long.getLong("weft.benchWarmupMs");
        long start = System.nanoTime();
        long min = start + (fixed != null ? fixed : minMillis) * 1_000_000;
        long max = start + (fixed != null ? fixed : maxMillis) * 1_000_000;
        long windowEnd = start + 1_000_000_000L;
        long best = 0;
        long compiled = compileMillis.getAsLong();
        int rounds = 0;
        int steady = 0;
        for (long now = start; now < max && (now < min || steady < STEADY_WINDOWS); now = System.nanoTime()) {
            round.run();
            rounds++;
            if (now >= windowEnd) {
                long c = compileMillis.getAsLong();
                steady = rounds > best * 1.03 || c - compiled >= QUIET_COMPILE_MS ? 0 : steady + 1;
                best = Math.max(best, rounds);
                compiled = c;
                rounds = 0;
                windowEnd = now + 1_000_000_000L;
            }
        }
    }

    /** Compiler time per one-second window under which the JIT counts as done ({@link #warmUntilSteady}). */
    static final long QUIET_COMPILE_MS = 20;

    /** How many one-second windows in a row without a gain {@link #warmUntilSteady} waits for. */
    static final int STEADY_WINDOWS = 3;

    /** The integer arguments after the workload name, padded with {@code defaults} ({@code defaults/2}). */
    static long[] sizes(String[] args, int from, long... defaults) {
        long[] out = Arrays.copyOf(defaults, defaults.length);
        for (int i = from; i < args.length && i - from < out.length; i++) out[i - from] = Long.parseLong(args[i]);
        return out;
    }

    /** Runs {@code body} in a fresh process and waits for it to end ({@code in_proc/1}); rethrows its crash. */
    static void inProcess(Runnable body) {
        Spawned s = spawnMonitor(body);
        Down d = receive(m -> m instanceof Down x && x.ref().equals(s.ref()) ? x : NO_MATCH);
        if (!Atom.NORMAL.equals(d.reason())) {
            if (d.reason() instanceof Throwable t) throw new IllegalStateException("workload crashed", t);
            throw new IllegalStateException("workload crashed: " + d.reason());
        }
    }

    /** Runs {@code args[0]}'s workload with {@code run}, then exits the JVM: 0 on success, 1 on a crash. */
    static void main(String[] args, java.util.function.Consumer<String[]> run) {
        if (args.length == 0) {
            System.err.println("usage: WORKLOAD [N ...]");
            System.exit(2);
        }
        try {
            run.accept(args);
            System.out.flush();
            System.exit(0);
        } catch (RuntimeException e) {
            System.err.println("workload " + args[0] + " failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }
}
