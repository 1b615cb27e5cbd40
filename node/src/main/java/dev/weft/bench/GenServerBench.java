package dev.weft.bench;

import dev.weft.otp.GenServer;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.util.Locale;

/**
 * GenServer workloads of {@code beam_bench.erl}, on Weft: {@code gen_server_call} (N calls to a
 * trivial server) and the GenServer part of {@code selective_receive} (K calls from a process whose
 * mailbox holds J unrelated messages, and from one with an empty mailbox). Prints
 * {@code metric value unit} lines with the BEAM's metric names. Every workload runs in a fresh
 * process, as the BEAM's run in the shell's process, after {@link Bench#warmUp} rounds (the BEAM's
 * warm-up is 10,000 calls; the JIT wants more) so that the call path is compiled. The two selective figures are medians of
 * seven alternated rounds each (one round of 10,000 calls takes ~10 ms, less than the JVM's noise).
 *
 * <pre>{@code
 * java -cp node/target/classes dev.weft.bench.GenServerBench            # N=1000000 J=10000 K=10000
 * java -cp node/target/classes dev.weft.bench.GenServerBench 100000 10000 10000
 * }</pre>
 */
public final class GenServerBench {
    private static final Atom PING = Atom.of("ping");
    private static final Atom PONG = Atom.of("pong");
    /** Rounds of the selective workloads; each figure is the median. */
    private static final int ROUNDS = 7;

    /** {@code beam_bench_srv}: replies {@code :pong} to {@code :ping}. */
    private record PingServer() implements GenServer<Integer> {
        @Override
        public Init<Integer> init() {
            return new Ok<>(0);
        }

        @Override
        public Result<Integer> handleCall(Object request, From from, Integer state) {
            return new Reply<>(PONG, state);
        }
    }

    private GenServerBench() {}

    /**
     * {@code gen_server_call [N]}: N calls (default 1,000,000); {@code selective_junk_gencall [J [K]]}:
     * K calls with J unmatched messages queued vs none (default 10,000 each); no arguments: both.
     */
    public static void main(String[] args) {
        String workload = args.length > 0 && !args[0].matches("\\d+") ? args[0] : "all";
        int[] n = java.util.Arrays.stream(args).filter(a -> a.matches("\\d+")).mapToInt(Integer::parseInt).toArray();
        Pid server = GenServer.start(new PingServer());
        if (!workload.equals("selective_junk_gencall")) callRate(server, n.length > 0 ? n[0] : 1_000_000);
        if (workload.equals("selective_junk_gencall")) selective(server, n.length > 0 ? n[0] : 10_000, n.length > 1 ? n[1] : 10_000);
        else if (workload.equals("all")) selective(server, n.length > 1 ? n[1] : 10_000, n.length > 2 ? n[2] : 10_000);
        GenServer.stop(server);
        System.exit(0);
    }

    private static void callRate(Pid server, int n) {
        Bench.warmUp(() -> timed(0, 10_000, server));
        double ms = timed(0, n, server);
        emit("gen_server_call_rate", n / (ms / 1e3), "calls/s");
        emit("gen_server_call_mean", ms * 1e3 / n, "us");
    }

    private static void selective(Pid server, int junk, int k) {
        double[] empty = new double[ROUNDS];
        double[] junked = new double[ROUNDS];
        Bench.warmUp(() -> {
            timed(0, k, server);
            timed(junk, k, server);
        });
        for (int i = 0; i < ROUNDS; i++) {                        // alternated, so both see the same JIT and GC state
            empty[i] = timed(0, k, server);
            junked[i] = timed(junk, k, server);
        }
        emit("selective_empty_gencall_ms", median(empty), "ms");
        emit("selective_junk_gencall_ms", median(junked), "ms");
    }


    /** K calls from a fresh process with {@code junk} unmatched messages queued; milliseconds. */
    private static double timed(int junk, int k, Pid server) {
        Pid parent = Kernel.self();
        Kernel.spawn(() -> {
            Pid me = Kernel.self();
            for (int i = 0; i < junk; i++) Kernel.send(me, Tuple.of(Atom.of("junk"), i));
            long t0 = System.nanoTime();
            calls(k, server);
            long t1 = System.nanoTime();
            Kernel.send(parent, Tuple.of(Atom.of("selective"), (t1 - t0) / 1e6));
        });
        return Kernel.receive(m -> m instanceof Tuple t && t.is(Atom.of("selective"), 2) ? t.get(1) : Kernel.NO_MATCH);
    }

    private static double median(double[] xs) {
        double[] sorted = xs.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void calls(int n, Pid server) {
        for (int i = 0; i < n; i++) {
            if (GenServer.call(server, PING) != PONG) throw new IllegalStateException("bad reply");
        }
    }

    private static void emit(String metric, double value, String unit) {
        String v = Math.abs(value) >= 1000 ? Long.toString(Math.round(value)) : String.format(Locale.ROOT, "%.3f", value);
        System.out.println(metric + " " + v + " " + unit);
    }
}
