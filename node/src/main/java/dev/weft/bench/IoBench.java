package dev.weft.bench;

import dev.weft.io.FileIO;
import dev.weft.io.IO;
import dev.weft.process.Down;
import dev.weft.process.Kernel;
import dev.weft.process.Spawned;
import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Pid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Weft's side of the io benchmarks (the BEAM's side is {@code scripts/bench/io/io_bench.erl}; run
 * both with {@code scripts/bench/io/run.sh}). Prints {@code metric value unit} lines.
 *
 * <pre>{@code
 * java -cp weft-node-all.jar dev.weft.bench.IoBench io_write_64k /tmp 100 64
 * java -cp weft-node-all.jar dev.weft.bench.IoBench io_small_writes /tmp 1000000
 * }</pre>
 *
 * Workloads, both through a file io server pid ({@link FileIO#open}); times include the close:
 * {@code io_write_64k DIR MB CHUNK_KB} writes MB megabytes in CHUNK_KB chunks with {@link IO#binwrite};
 * {@code io_small_writes DIR N} makes N {@link IO#write} calls of {@code "hello world\n"}. Each first
 * runs a tenth of its size to another file, like the BEAM's side, again and again for a second
 * ({@link Bench#warmUp}) so the timed run is compiled.
 */
public final class IoBench {
    private IoBench() {}

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: IoBench io_write_64k DIR [MB CHUNK_KB] | io_small_writes DIR [N]");
            System.exit(2);
        }
        Spawned run = Kernel.spawnMonitor(() -> run(args));
        Down down = Kernel.receive(m -> m instanceof Down d && d.ref().equals(run.ref()) ? d : Kernel.NO_MATCH);
        if (!Atom.NORMAL.equals(down.reason())) {
            System.err.println("workload " + args[0] + " failed: " + Inspect.inspect(down.reason()));
            if (down.reason() instanceof Throwable t) t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /** Runs in a process of its own, as the BEAM side does ({@code in_proc}). */
    private static void run(String[] args) {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "io_write_64k" -> {
                int mb = arg(args, 2, 100);
                int kb = arg(args, 3, 64);
                byte[] chunk = new byte[kb * 1024];
                Arrays.fill(chunk, (byte) 'x');
                int n = mb * 1024 / kb;
                Bench.warmUp(() -> writeChunks(dir.resolve("weft_warmup_64k.bin"), chunk, Math.max(1, n / 10)));
                long us = writeChunks(dir.resolve("weft_io_write_64k.bin"), chunk, n);
                emit("io_write_64k_rate", (double) n * kb / 1024 / (us / 1e6), "MB/s");
                emit("io_write_64k_ms", us / 1000.0, "ms");
            }
            case "io_small_writes" -> {
                int n = arg(args, 2, 1_000_000);
                Bench.warmUp(() -> smallWrites(dir.resolve("weft_warmup_small.txt"), Math.max(1, n / 10)));
                long us = smallWrites(dir.resolve("weft_io_small_writes.txt"), n);
                emit("io_small_writes_rate", n / (us / 1e6), "writes/s");
                emit("io_small_writes_mean", (double) us / n, "us");
            }
            default -> {
                System.err.println("unknown workload " + args[0] + " (known: io_write_64k, io_small_writes)");
                System.exit(2);
            }
        }
    }

    private static long writeChunks(Path path, byte[] chunk, int n) {
        long t0 = System.nanoTime();
        Pid file = FileIO.open(path, FileIO.WRITE);
        for (int i = 0; i < n; i++) IO.binwrite(file, chunk);
        FileIO.close(file);
        long t1 = System.nanoTime();
        check(path, (long) n * chunk.length);
        return (t1 - t0) / 1000;
    }

    private static long smallWrites(Path path, int n) {
        long t0 = System.nanoTime();
        Pid file = FileIO.open(path, FileIO.WRITE);
        for (int i = 0; i < n; i++) IO.write(file, "hello world\n");
        FileIO.close(file);
        long t1 = System.nanoTime();
        check(path, n * 12L);
        return (t1 - t0) / 1000;
    }

    private static void check(Path path, long size) {
        try {
            if (Files.size(path) != size) throw new IllegalStateException(path + " has " + Files.size(path) + " bytes, expected " + size);
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }

    private static void emit(String metric, double value, String unit) {
        String v = Math.abs(value) >= 1000 ? Long.toString(Math.round(value)) : String.format(Locale.ROOT, "%.3f", value);
        System.out.println(metric + " " + v + " " + unit);
    }
}
