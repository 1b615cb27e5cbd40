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
 * {@code metric value unit} lines with the BEAM's metric names.
 *
 * <pre>{@code
 * java -cp node/target/classes dev.weft.bench.GenServerBench            # N=1000000 J=10000 K=10000
 * java -cp node/target/classes dev.weft.bench.GenServerBench 100000 10000 10000
 * }</pre>
 */
public final class GenServerBench {
    private static final Atom PING = Atom.of("ping");
    private static final Atom PONG = Atom.of("pong");

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

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int junk = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int k = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        Pid server = GenServer.start(new PingServer());

        calls(10_000, server);                                    // warm-up, as beam_bench does
        double ms = timed(0, n, server);
        emit("gen_server_call_rate", n / (ms / 1e3), "calls/s");
        emit("gen_server_call_mean", ms * 1e3 / n, "us");

        double empty = timed(0, k, server);
        double junked = timed(junk, k, server);
        emit("selective_empty_gencall_ms", empty, "ms");
        emit("selective_junk_gencall_ms", junked, "ms");
        GenServer.stop(server);
        System.exit(0);
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
