package dev.weft.bench;

import static dev.weft.bench.Bench.emit;
import static dev.weft.bench.Bench.inProcess;
import static dev.weft.bench.Bench.ms;
import static dev.weft.bench.Bench.perSecond;
import static dev.weft.bench.Bench.sizes;
import static dev.weft.process.Kernel.*;

import dev.weft.process.Kernel;
import dev.weft.process.ProcessInfo;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * The single-node workloads of {@code beam_bench.erl}, on Weft, timing exactly what the BEAM side
 * times and printing the same metric names ({@code metric value unit} lines). One workload per JVM;
 * {@code scripts/bench/run} runs it beside the BEAM and prints the comparison.
 *
 * <pre>{@code
 * java -cp node/target/weft-node-0.1.0-SNAPSHOT-all.jar dev.weft.bench.LocalBench ring 10000 100
 * }</pre>
 *
 * <p>Workloads: {@code spawn_1m [N]}, {@code spawn_exit [N]}, {@code pingpong_local [N]},
 * {@code ring [PROCS ROUNDS]}, {@code skynet [SIZE DIV]}, {@code fan_in [SENDERS MSGS]},
 * {@code selective_receive [JUNK CALLS]}.
 */
public final class LocalBench {
    static final Atom STOP = Atom.of("stop");
    static final Atom TOKEN = Atom.of("token");
    static final Atom PONG = Atom.of("pong");
    static final long SKYNET_SUM = 499_999_500_000L;

    record Ping(Pid from) {}

    record Sky(long value) {}

    record Msg(long k) {}

    record Call(Pid from, Object tag, long req) {}

    record Reply(Object tag, long req) {}

    record Junk(long j) {}

    record SelDone(Pid from, double micros) {}

    private LocalBench() {}

    public static void main(String[] args) {
        Bench.main(args, a -> inProcess(() -> run(a)));
    }

    private static void run(String[] a) {
        switch (a[0]) {
            case "spawn_1m" -> {
                long[] s = sizes(a, 1, 1_000_000);
                spawnRound("cold", (int) s[0]);
                spawnRound("warm", (int) s[0]);
            }
            case "spawn_exit" -> spawnExit(sizes(a, 1, 1_000_000)[0]);
            case "pingpong_local" -> pingpong(sizes(a, 1, 1_000_000)[0]);
            case "ring" -> {
                long[] s = sizes(a, 1, 10_000, 100);
                ring((int) s[0], s[1]);
            }
            case "skynet" -> {
                long[] s = sizes(a, 1, 1_000_000, 10);
                double cold = skynetOnce(s[0], s[1]);
                double warm = skynetOnce(s[0], s[1]);
                emit("skynet_cold_ms", cold, "ms");
                emit("skynet_warm_ms", warm, "ms");
            }
            case "fan_in" -> {
                long[] s = sizes(a, 1, 1000, 1000);
                fanIn(s[0], s[1]);
            }
            case "selective_receive" -> {
                long[] s = sizes(a, 1, 10_000, 10_000);
                selective((int) s[0], s[1]);
            }
            default -> throw new IllegalArgumentException("unknown workload " + a[0]
                    + " (known: spawn_1m spawn_exit pingpong_local ring skynet fan_in selective_receive)");
        }
    }

    // ---------------------------------------------------------------- 1. spawn_1m

    static void waiter() {
        receive(m -> m == STOP ? m : NO_MATCH);
    }

    /**
     * N processes blocked in receive; memory is the heap after a full GC, before and after, per
     * process (a virtual thread's stack lives in the heap), plus the growth of the resident set size
     * per process ({@code rss_growth_per_proc}): with a pre-touched heap it shows only memory outside
     * the heap, without it also the heap pages first touched.
     */
    private static void spawnRound(String tag, int n) {
        String m = "spawn_1m_" + tag + "_";
        Pid[] pids = new Pid[n];
        long base = processes().size();
        long heap0 = heapAfterGc();
        long rss0 = rss();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) pids[i] = spawn(LocalBench::waiter);
        long t1 = System.nanoTime();
        for (Pid p : pids) awaitWaiting(p);
        long t2 = System.nanoTime();
        long heap1 = heapAfterGc();
        long rss1 = rss();
        emit(m + "spawn_ms", ms(t0, t1), "ms");
        emit(m + "spawn_rate", perSecond(n, t0, t1), "procs/s");
        emit(m + "ready_ms", ms(t0, t2), "ms");
        emit(m + "mem_per_proc", (double) (heap1 - heap0) / n, "bytes");
        emit(m + "rss_growth_per_proc", (double) (rss1 - rss0) / n, "bytes");
        long t3 = System.nanoTime();
        for (Pid p : pids) exit(p, Atom.KILL);
        awaitProcessCount(base);
        long t4 = System.nanoTime();
        emit(m + "kill_ms", ms(t3, t4), "ms");
    }

    private static void awaitWaiting(Pid p) {
        for (;;) {
            ProcessInfo info = info(p);
            if (info == null) throw new IllegalStateException(p + " died while waiting in receive");
            if (info.status().name().equals("waiting")) return;
            Thread.yield();
        }
    }

    private static long heapAfterGc() {
        var mem = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Resident set size in bytes (Linux), or 0 where /proc is not there. */
    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (java.io.IOException e) {
            return 0;
        }
        return 0;
    }

    /**
     * Waits until no more than {@code base} processes exist ({@code wait_process_count/1}). Counting
     * walks the process table (the BEAM's count is a counter), so while many are left it looks every
     * 10 ms instead of every 1 ms, not to take a core from the processes it waits for.
     */
    private static void awaitProcessCount(long base) {
        for (long n; (n = processes().size()) > base; ) LockSupport.parkNanos(n - base > 10_000 ? 10_000_000 : 1_000_000);
    }

    // ---------------------------------------------------------------- 2. spawn_exit

    private static void spawnExit(long n) {
        long base = processes().size();
        long t0 = System.nanoTime();
        for (long i = 0; i < n; i++) spawn(LocalBench::noop);
        long t1 = System.nanoTime();
        awaitProcessCount(base);
        long t2 = System.nanoTime();
        emit("spawn_exit_rate", perSecond(n, t0, t2), "procs/s");
        emit("spawn_exit_total_ms", ms(t0, t2), "ms");
        emit("spawn_exit_loop_ms", ms(t0, t1), "ms");
    }

    static void noop() {}

    // ---------------------------------------------------------------- 3. pingpong_local

    static void pongLoop() {
        for (;;) {
            Object m = receive(x -> x instanceof Ping || x == STOP ? x : NO_MATCH);
            if (m instanceof Ping(Pid from)) send(from, PONG);
            else return;
        }
    }

    private static void ping(long n, Pid pong) {
        Ping ping = new Ping(self());
        for (long i = 0; i < n; i++) {
            send(pong, ping);
            receive(m -> m == PONG ? m : NO_MATCH);
        }
    }

    private static void pingpong(long n) {
        Pid pong = spawn(LocalBench::pongLoop);
        Bench.warmUp(() -> ping(10_000, pong));
        long t0 = System.nanoTime();
        ping(n, pong);
        long t1 = System.nanoTime();
        send(pong, STOP);
        emit("pingpong_local_rate", perSecond(n, t0, t1), "roundtrips/s");
        emit("pingpong_local_mean_rtt", (t1 - t0) / 1e3 / n, "us");
    }

    // ---------------------------------------------------------------- 4. ring

    static void relay(Pid next) {
        for (;;) {
            Object m = receive(x -> x == TOKEN || x == STOP ? x : NO_MATCH);
            send(next, m);
            if (m == STOP) return;
        }
    }

    /**
     * A ring of {@code np} processes (this one closes it) passing a token {@code rounds} laps.
     * Timed on a warm node: {@link Bench#warmUp} rings (made, lapped, stopped) come first, so the
     * JIT has compiled spawning and relaying before the timed ring's processes start. A process
     * whose first frames ran interpreted keeps them for life, and every wake-up of it takes the
     * JDK's slow path to resume its stack (2x per hop).
     */
    private static void ring(int np, long rounds) {
        Bench.warmUp(() -> laps(makeRing(np), 1));
        long t0 = System.nanoTime();
        Pid ring = makeRing(np);
        long t1 = System.nanoTime();
        laps(ring, rounds);
        long t2 = System.nanoTime();
        long hops = np * rounds;
        emit("ring_create_ms", ms(t0, t1), "ms");
        emit("ring_hops_rate", perSecond(hops, t1, t2), "hops/s");
        emit("ring_pass_ms", ms(t1, t2), "ms");
    }

    /** Spawns the ring's other members; returns the first. */
    private static Pid makeRing(int np) {
        Pid first = self();
        for (int k = np - 1; k > 0; k--) {
            Pid next = first;
            first = spawn(() -> relay(next));
        }
        return first;
    }

    /** Passes the token {@code rounds} laps round the ring from {@code first}, then stops the ring. */
    private static void laps(Pid first, long rounds) {
        for (long r = 0; r < rounds; r++) {
            send(first, TOKEN);
            receive(m -> m == TOKEN ? m : NO_MATCH);
        }
        send(first, STOP);
        receive(m -> m == STOP ? m : NO_MATCH);
    }

    // ---------------------------------------------------------------- 5. skynet

    private static double skynetOnce(long size, long div) {
        Pid me = self();
        long t0 = System.nanoTime();
        spawn(() -> skynet(me, 0, size, div));
        long sum = receive(m -> m instanceof Sky(long v) ? v : NO_MATCH);
        long t1 = System.nanoTime();
        if (size == 1_000_000 && sum != SKYNET_SUM) throw new IllegalStateException("skynet sum " + sum + " != " + SKYNET_SUM);
        return ms(t0, t1);
    }

    static void skynet(Pid parent, long num, long size, long div) {
        if (size == 1) {
            send(parent, new Sky(num));
            return;
        }
        long sub = size / div;
        Pid me = self();
        for (long i = div - 1; i >= 0; i--) {
            long n = num + i * sub;
            spawn(() -> skynet(me, n, sub, div));
        }
        long acc = 0;
        for (long k = 0; k < div; k++) acc += Kernel.<Long>receive(m -> m instanceof Sky(long v) ? v : NO_MATCH);
        send(parent, new Sky(acc));
    }

    // ---------------------------------------------------------------- 6. fan_in

    private static void fanIn(long senders, long msgs) {
        Pid me = self();
        long t0 = System.nanoTime();
        for (long s = 0; s < senders; s++) {
            spawn(() -> {
                for (long k = msgs; k > 0; k--) send(me, new Msg(k));
            });
        }
        for (long k = senders * msgs; k > 0; k--) receive(m -> m instanceof Msg ? m : NO_MATCH);
        long t1 = System.nanoTime();
        emit("fan_in_rate", perSecond(senders * msgs, t0, t1), "msgs/s");
        emit("fan_in_total_ms", ms(t0, t1), "ms");
    }

    // ---------------------------------------------------------------- 7. selective_receive

    static void echoServer() {
        for (;;) {
            Object m = receive(x -> x instanceof Call || x == STOP ? x : NO_MATCH);
            if (m instanceof Call(Pid from, Object tag, long req)) send(from, new Reply(tag, req));
            else return;
        }
    }

    /**
     * Like {@code pingpong_local} and {@code ring}, the timed calls come after {@link Bench#warmUp}
     * rounds of the same calls (with and without junk), so they measure the compiled receive path.
     */
    private static void selective(int junk, long calls) {
        Pid server = spawn(LocalBench::echoServer);
        Bench.warmUp(() -> {
            selVariant(0, () -> callsRef(calls, server));
            selVariant(junk, () -> callsRef(calls, server));
        });
        double empty = selVariant(0, () -> callsRef(calls, server));
        double ref = selVariant(junk, () -> callsRef(calls, server));
        double noref = selVariant(junk, () -> callsNoref(calls, server));
        send(server, STOP);
        emit("selective_empty_ref_ms", empty / 1000, "ms");
        emit("selective_junk_ref_ms", ref / 1000, "ms");
        emit("selective_junk_noref_ms", noref / 1000, "ms");
    }

    /**
     * Fills the mailbox of a fresh process with {@code junk} unmatched messages, then times
     * {@code calls} in it; returns microseconds. Shared with the gen_server variant.
     */
    static double selVariant(int junk, Runnable calls) {
        Pid parent = self();
        Pid pid = spawn(() -> {
            Pid me = self();
            for (int j = junk; j > 0; j--) send(me, new Junk(j));
            long t0 = System.nanoTime();
            calls.run();
            long t1 = System.nanoTime();
            int len = info(me).messageQueueLen();
            if (len != junk) throw new IllegalStateException("message queue length " + len + ", expected " + junk);
            send(parent, new SelDone(me, Bench.us(t0, t1)));
        });
        return receive(m -> m instanceof SelDone(Pid from, double us) && from.equals(pid) ? us : NO_MATCH);
    }

    private static void callsRef(long k, Pid server) {
        Pid me = self();
        for (; k > 0; k--) {
            Ref ref = makeRef();
            long req = k;
            send(server, new Call(me, ref, req));
            receive(ref, m -> m instanceof Reply(Object tag, long r) && tag.equals(ref) && r == req ? m : NO_MATCH, null, null);
        }
    }

    private static void callsNoref(long k, Pid server) {
        Pid me = self();
        for (; k > 0; k--) {
            long req = k;
            send(server, new Call(me, req, req));
            receive(m -> m instanceof Reply(Object tag, long r) && tag.equals(req) && r == req ? m : NO_MATCH);
        }
    }
}
