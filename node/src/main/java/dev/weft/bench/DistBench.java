package dev.weft.bench;

import static dev.weft.process.Kernel.*;

import dev.weft.dist.Node;
import dev.weft.dist.NodeConfig;
import dev.weft.dist.Rpc;
import dev.weft.process.Down;
import dev.weft.process.Exit;
import dev.weft.process.Spawned;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The two-node workloads of {@code beam_dist.erl}, on Weft: this JVM is node A, and it starts node B
 * in a second JVM on 127.0.0.1 ({@code weft node}, same classpath). It times what the BEAM side times
 * and prints the same metric names, one {@code metric value unit} line each;
 * {@code scripts/bench/dist/run} runs both and prints the ratios.
 *
 * <pre>{@code
 * java --enable-native-access=ALL-UNNAMED -cp node/target/weft-node-0.1.0-SNAPSHOT-all.jar \
 *      dev.weft.bench.DistBench dist_pingpong 100000
 * }</pre>
 *
 * <p>Workloads: {@code dist_pingpong [N]}, {@code dist_throughput [N NB BS]}, {@code dist_spawn [N]},
 * {@code dist_exit [K]}. Unlike the BEAM, the JVM compiles hot code as it runs, so each workload first
 * runs untimed, in rounds (a tenth of a stream, 2,000 round trips, ...), until its rounds stop getting
 * faster ({@link Bench#warmUntilSteady}, 3 to 30 s): the path through gRPC, Netty and both nodes takes
 * the JIT seconds to compile on two cores (remote ping-pong went from 1.5 ms to 65 us a round trip over
 * its first 10 s, and 64 KB messages from 300 to 1,800 MB/s). The BEAM side warms up only ping-pong
 * and exits. The functions B exports for them are the public static methods below. B runs with A's
 * JVM flags plus {@code $DISTBENCH_B_OPTS} (e.g. a flight recording of its own).
 */
public final class DistBench {
    /** The least and the most time a workload runs untimed first ({@link Bench#warmUntilSteady}). */
    static final long WARM_UP_MS = 3000;
    static final long WARM_UP_MAX_MS = 30_000;
    static final Atom PING = Atom.of("ping");
    static final Atom PONG = Atom.of("pong");
    static final Atom STOP = Atom.of("stop");
    static final Atom DONE = Atom.of("done");
    static final Atom ACK = Atom.of("ack");
    static final Atom KILL_ORDER = Atom.of("kill");
    static final Atom KILLED_AT = Atom.of("killed");

    private DistBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: DistBench dist_pingpong|dist_throughput|dist_spawn|dist_exit [N ...]");
            System.exit(2);
        }
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String cookie = HexFormat.of().formatHex(secret);
        long id = ProcessHandle.current().pid();
        Node.start(NodeConfig.of("weftbench_a_" + id + "@127.0.0.1", 0, cookie));
        Process b = startB("weftbench_b_" + id + "@127.0.0.1", cookie);
        int code = 1;
        try {
            Atom bName = Atom.of("weftbench_b_" + id + "@127.0.0.1");
            if (!Node.connect(bName, port(b))) throw new IllegalStateException("cannot connect to node B");
            Spawned s = spawnMonitor(() -> run(args, bName));
            Down d = receive(m -> m instanceof Down x && x.ref().equals(s.ref()) ? x : NO_MATCH);
            if (!Atom.NORMAL.equals(d.reason())) {
                System.err.println("workload " + args[0] + " failed: " + d.reason());
                if (d.reason() instanceof Throwable t) t.printStackTrace();
            } else {
                code = 0;
            }
        } finally {
            System.out.flush();
            b.destroy();
            if (!b.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) b.destroyForcibly();
        }
        System.exit(code);
    }

    private static Process startB(String name, String cookie) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> !a.startsWith("-XX:StartFlightRecording")).forEach(cmd::add);
        String extra = System.getenv("DISTBENCH_B_OPTS");
        if (extra != null && !extra.isBlank()) cmd.addAll(List.of(extra.trim().split("\\s+")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.weft.cli.Main", "node", "--name", name, "--port", "0",
                "--cookie", cookie, "--allow-lambdas", "dev.weft.bench.",
                "--export", "pong=dev.weft.bench.DistBench::pong", "--export", "sink=dev.weft.bench.DistBench::sink",
                "--export", "noop=dev.weft.bench.DistBench::noop", "--export", "killer=dev.weft.bench.DistBench::killer",
                "--export", "waiter=dev.weft.bench.DistBench::waiter", "--export", "compile_ms=dev.weft.bench.DistBench::compileMillis"));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Reads B's {@code node NAME up on HOST:PORT} line. */
    private static int port(Process b) throws IOException {
        BufferedReader in = b.inputReader(StandardCharsets.UTF_8);
        for (String line; (line = in.readLine()) != null; ) {
            if (line.contains(" up on ")) return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
        }
        throw new IllegalStateException("node B ended before it was up");
    }

    private static void run(String[] a, Atom b) {
        switch (a[0]) {
            case "dist_pingpong" -> pingpong(b, size(a, 1, 100_000));
            case "dist_throughput" -> throughput(b, size(a, 1, 1_000_000), size(a, 2, 10_000), size(a, 3, 65_536));
            case "dist_spawn" -> spawns(b, size(a, 1, 10_000));
            case "dist_exit" -> exits(b, size(a, 1, 1000));
            default -> throw new IllegalArgumentException("unknown workload " + a[0]);
        }
    }

    // ---------------------------------------------------------------- workloads

    private static void pingpong(Atom b, int n) {
        Pid pong = Node.spawn(b, "pong", List.of());
        warm(b, () -> trips(pong, 2000));
        long t0 = System.nanoTime();
        long[] lat = trips(pong, n);
        long t1 = System.nanoTime();
        send(pong, STOP);
        emit("dist_pingpong_rate", n * 1e9 / (t1 - t0), "roundtrips/s");
        emit("dist_pingpong_median_rtt", percentile(lat, 50) / 1e3, "us");
        emit("dist_pingpong_p99_rtt", percentile(lat, 99) / 1e3, "us");
        emit("dist_pingpong_mean_rtt", (t1 - t0) / 1e3 / n, "us");
    }

    private static long[] trips(Pid pong, int n) {
        long[] lat = new long[n];
        Tuple ping = Tuple.of(PING, self());
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            send(pong, ping);
            receive(m -> m == PONG ? m : NO_MATCH);
            lat[i] = System.nanoTime() - t0;
        }
        return lat;
    }

    private static void throughput(Atom b, int n, int nb, int bs) {
        warm(b, () -> stream(b, n / 10, i -> Tuple.of(Atom.of("seq"), i)));
        double small = stream(b, n, i -> Tuple.of(Atom.of("seq"), i));
        emit("dist_tput_small_rate", n * 1e9 / small, "msgs/s");
        byte[] bin = new byte[bs];
        Arrays.fill(bin, (byte) 'x');
        Tuple blob = Tuple.of(Atom.of("blob"), bin);
        warm(b, () -> stream(b, nb / 10, i -> blob));
        double big = stream(b, nb, i -> blob);
        emit("dist_tput_64k_rate", (double) nb * bs / (big / 1e3), "MB/s");
        emit("dist_tput_64k_msg_rate", nb * 1e9 / big, "msgs/s");
    }

    /** Nanoseconds from the first send to the sink's ack of all {@code n}. */
    private static double stream(Atom b, int n, java.util.function.IntFunction<Object> msg) {
        Pid sink = Node.spawn(b, "sink", List.of((long) n));
        long t0 = System.nanoTime();
        for (int i = n; i > 0; i--) send(sink, msg.apply(i));
        send(sink, Tuple.of(DONE, self()));
        receive(m -> m instanceof Tuple t && t.is(ACK, 3) && t.get(1).equals(sink) ? m : NO_MATCH);
        return System.nanoTime() - t0;
    }

    private static void spawns(Atom b, int n) {
        warm(b, () -> {
            for (int i = 0; i < 500; i++) {
                Node.spawn(b, "noop", List.of());
                spawnFun(b);
                Rpc.call(b, "noop", List.of());
                Node.spawnRequest(b, "noop", List.of());
            }
            for (int i = 0; i < 500; i++) receive(m -> m instanceof Tuple t && t.is(Atom.of("spawn_reply"), 4) ? m : NO_MATCH);
        });
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) Node.spawn(b, "noop", List.of());
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) spawnFun(b);
        long t2 = System.nanoTime();
        for (int i = 0; i < n; i++) Rpc.call(b, "noop", List.of());
        long t3 = System.nanoTime();
        for (int i = 0; i < n; i++) Node.spawnRequest(b, "noop", List.of());
        for (int i = 0; i < n; i++) {
            receive(m -> m instanceof Tuple t && t.is(Atom.of("spawn_reply"), 4) && Atom.OK.equals(t.get(2)) ? m : NO_MATCH);
        }
        long t4 = System.nanoTime();
        emit("dist_spawn_mfa_rate", n * 1e9 / (t1 - t0), "spawns/s");
        emit("dist_spawn_fun_rate", n * 1e9 / (t2 - t1), "spawns/s");
        emit("dist_spawn_erpc_rate", n * 1e9 / (t3 - t2), "calls/s");
        emit("dist_spawn_pipelined_rate", n * 1e9 / (t4 - t3), "spawns/s");
    }

    private static void exits(Atom b, int k) {
        trapExit(true);
        Pid killer = Node.spawn(b, "killer", List.of());
        warm(b, () -> exitTrials(100, killer, b));
        long[][] res = exitTrials(k, killer, b);
        send(killer, STOP);
        emit("dist_exit_oneway_median", percentile(res[0], 50) / 1e3, "us");
        emit("dist_exit_oneway_p99", percentile(res[0], 99) / 1e3, "us");
        emit("dist_exit_roundtrip_median", percentile(res[1], 50) / 1e3, "us");
    }

    /** One-way (B's kill to A's EXIT, wall clock shared by both JVMs) and round-trip nanoseconds per trial. */
    private static long[][] exitTrials(int k, Pid killer, Atom b) {
        long[] oneWay = new long[k];
        long[] rtt = new long[k];
        for (int i = 0; i < k; i++) {
            Pid p = Node.spawnLink(b, "waiter", List.of());
            long ts = wallNanos();
            send(killer, Tuple.of(KILL_ORDER, p, self()));
            receive(m -> m instanceof Exit e && e.from().equals(p) && Atom.KILLED.equals(e.reason()) ? m : NO_MATCH);
            long t1 = wallNanos();
            long t0 = receive(m -> m instanceof Tuple t && t.is(KILLED_AT, 3) && t.get(1).equals(p) ? t.get(2) : NO_MATCH);
            oneWay[i] = t1 - t0;
            rtt[i] = t1 - ts;
        }
        return new long[][] {oneWay, rtt};
    }

    // ---------------------------------------------------------------- run on node B

    /** Answers {@code {:ping, from}} with {@code :pong} until {@code :stop}. */
    public static void pong() {
        for (;;) {
            Object m = receive();
            if (m instanceof Tuple t && t.is(PING, 2)) send((Pid) t.get(1), PONG);
            else if (STOP.equals(m)) return;
        }
    }

    /** Takes {@code n} messages, then answers {@code {:done, from}} with {@code {:ack, self, n}}. */
    public static void sink(Long n) {
        for (long i = 0; i < n; i++) receive();
        Pid from = receive(m -> m instanceof Tuple t && t.is(DONE, 2) ? t.get(1) : NO_MATCH);
        send(from, Tuple.of(ACK, self(), n));
    }

    /**
     * Spawns the timed lambda on {@code b}. One lambda for the warm-up and the timed loop: each lambda
     * expression is a class of its own, and a timed one the warm-up never ran had its {@code writeReplace}
     * interpreted, then compiled, during the timed spawns (spawns one at a time: 14-19 k/s, against
     * 21-27 k/s once compiled).
     */
    private static void spawnFun(Atom b) {
        Node.spawn(b, () -> { });
    }

    /** {@link Bench#warmUntilSteady} of {@code round} between this node and {@code b}, counting both JVMs' compilers. */
    private static void warm(Atom b, Runnable round) {
        Bench.warmUntilSteady(WARM_UP_MS, WARM_UP_MAX_MS, round, () -> compileMillis() + (long) Rpc.call(b, "compile_ms", List.of()));
    }

    /** This JVM's compilers' time so far, in milliseconds. */
    public static long compileMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    public static void noop() {
    }

    public static void waiter() {
        receive(m -> NO_MATCH);
    }

    /** On {@code {:kill, pid, from}}: notes the wall clock, kills pid, tells from when. */
    public static void killer() {
        for (;;) {
            Object m = receive();
            if (m instanceof Tuple t && t.is(KILL_ORDER, 3)) {
                long t0 = wallNanos();
                exit((Pid) t.get(1), Atom.KILL);
                send((Pid) t.get(2), Tuple.of(KILLED_AT, t.get(1), t0));
            } else if (STOP.equals(m)) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static long wallNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static int size(String[] a, int i, int dflt) {
        return a.length > i ? Integer.parseInt(a[i]) : dflt;
    }

    private static double percentile(long[] xs, int p) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }

    /** One metric as {@code beam_bench:emit/3} prints it. */
    private static void emit(String metric, double value, String unit) {
        String v = Math.abs(value) >= 1000 ? Long.toString(Math.round(value))
                : String.format(Locale.ROOT, "%.3f", value);
        System.out.println(metric + " " + v + " " + unit);
    }
}
