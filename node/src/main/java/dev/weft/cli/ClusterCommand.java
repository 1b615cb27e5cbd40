package dev.weft.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code weft cluster}: starts several local nodes at once, each its own JVM, all connected; prints
 * their names and their output (each line prefixed by the node), and stops them all on Ctrl-C.
 *
 * <pre>{@code
 * scripts/weft cluster --nodes 3 --base-port 4370
 * }</pre>
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Start several connected local nodes (one JVM each); Ctrl-C stops them all.")
final class ClusterCommand implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "3", description = "How many nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--base-port", defaultValue = "4370", description = "Port of the first node; the others follow (default ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--prefix", defaultValue = "n", description = "Node names are PREFIX1@HOST, PREFIX2@HOST, ... (default ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Host of every node (default ${DEFAULT-VALUE}); one that is not loopback needs the --tls-* options or --insecure-plaintext.")
    String host;

    @Mixin
    CookieOptions cookie = new CookieOptions();

    @Mixin
    TlsOptions tls = new TlsOptions();

    @Option(names = "--run", description = "A Java source file to run on the first node once all are up; "
            + "every node loads its classes, so its lambdas can be spawned and its records sent on any node.")
    Path run;

    @Option(names = "--startup-timeout", defaultValue = "PT60S", description = "How long to wait for the nodes to come up (default ${DEFAULT-VALUE}).")
    Duration startupTimeout;

    @Override
    public Integer call() throws Exception {
        if (nodes < 1) throw new IllegalArgumentException("--nodes must be at least 1, not " + nodes);
        List<java.lang.Process> children = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> children.forEach(java.lang.Process::destroy)));
        CountDownLatch up = new CountDownLatch(nodes);
        String first = prefix + 1 + "@" + host;
        String secret = cookie.cookie();   // read (or made) once: every node gets the same
        List<String> names = new ArrayList<>();
        String classpath = System.getProperty("java.class.path");
        SourceRunner.Compiled program = null;
        if (run != null) {   // compiled once, onto every node's classpath, its classes allowed as lambdas and records
            Path classes = Files.createTempDirectory("weft-cluster-run");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(classes)));
            program = SourceRunner.compileTo(run, classes);
            classpath += File.pathSeparator + classes;
        }
        for (int i = 1; i <= nodes; i++) {
            String name = prefix + i + "@" + host;
            names.add(name);
            List<String> args = new ArrayList<>(List.of("node", "--name", name, "--port", String.valueOf(basePort + i - 1)));
            args.addAll(List.of("--cookie", secret));
            args.addAll(tls.args());
            if (i > 1) args.addAll(List.of("--connect", first + ":" + basePort));
            if (program != null) {
                for (String c : program.classes()) args.addAll(List.of("--allow-lambdas", c, "--allow-records", c));
                if (i == 1) args.addAll(List.of("--await-peers", String.valueOf(nodes - 1), "--main", program.main()));
            }
            java.lang.Process child = new ProcessBuilder(javaCommand(classpath, args)).redirectErrorStream(true).start();
            children.add(child);
            pump(name, child, up);
        }
        if (!up.await(startupTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            System.err.println("weft cluster: not every node came up within " + startupTimeout + "; stopping them");
            children.forEach(java.lang.Process::destroy);
            return 1;
        }
        System.out.println("cluster up: " + String.join(" ", names));
        System.out.flush();
        for (java.lang.Process c : children) c.waitFor();
        return 0;
    }

    /** The command that starts a node in a new JVM: this JVM's java and flags, on {@code classpath}. */
    private static List<String> javaCommand(String classpath, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", classpath, "dev.weft.cli.Main"));
        cmd.addAll(args);
        return cmd;
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("weft cluster: could not remove " + dir + ": " + e.getMessage());
        }
    }

    /** Copies a node's output to ours, each line prefixed with its name; counts it up once it says so. */
    private static void pump(String name, java.lang.Process child, CountDownLatch up) {
        Thread.ofPlatform().daemon().name("cluster-" + name).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("node " + name + " up")) up.countDown();
                    System.out.println("[" + name + "] " + line);
                }
            } catch (IOException e) {
                System.out.println("[" + name + "] output lost: " + e.getMessage());
            }
        });
    }
}
