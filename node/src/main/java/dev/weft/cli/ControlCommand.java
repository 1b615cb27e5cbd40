package dev.weft.cli;

import dev.weft.dist.Node;
import dev.weft.dist.NodeConfig;
import dev.weft.dist.Rpc;
import dev.weft.io.IO;
import dev.weft.term.Atom;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code weft ping NODE}, {@code weft nodes NODE}, {@code weft stop NODE}, {@code weft remsh NODE}: operate a running node
 * through the cluster protocol, from a short-lived control node that proves it knows the cookie (and,
 * to a node with TLS, shows a certificate: the same {@code --tls-*} options as {@code weft node}).
 *
 * <pre>{@code
 * scripts/weft ping a@127.0.0.1:4370     # pong
 * scripts/weft nodes a@127.0.0.1:4370    # b@127.0.0.1 ...
 * scripts/weft stop a@127.0.0.1:4370     # ok
 * scripts/weft remsh a@127.0.0.1:4370    # a shell on a (started with --allow-remsh)
 * }</pre>
 */
abstract sealed class ControlCommand implements Callable<Integer> {
    /** Held so the setting sticks: the control node's own connection logs would only clutter the answer. */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("dev.weft");

    @Mixin
    CookieOptions cookie = new CookieOptions();

    @Mixin
    TlsOptions tls = new TlsOptions();

    @Parameters(paramLabel = "NODE", description = "the node, name@host:port")
    String node;

    /** Does the command's work once connected to {@code target}; returns the exit code. */
    abstract int operate(Atom target) throws Exception;

    @Override
    public Integer call() throws Exception {
        int colon = node.lastIndexOf(':');
        if (colon <= 0 || node.indexOf('@') <= 0) throw new IllegalArgumentException("NODE looks like name@host:port, not " + node);
        QUIET.setLevel(java.util.logging.Level.SEVERE);
        Atom target = Atom.of(node.substring(0, colon));
        String host = node.substring(node.indexOf('@') + 1, colon);
        Node.start(tls.apply(NodeConfig.of(Control.CONTROL_PREFIX + ProcessHandle.current().pid() + "@" + host, 0, cookie.cookie())));
        if (!Node.connect(target, Integer.parseInt(node.substring(colon + 1)))) {
            if (this instanceof Ping) System.out.println("pang");
            else System.err.println("weft: cannot reach " + node + " (is it up, and is the cookie right?)");
            return 1;
        }
        return operate(target);
    }

    @Command(name = "ping", mixinStandardHelpOptions = true, description = "Print pong if NODE answers (exit 0), pang if not (exit 1).")
    static final class Ping extends ControlCommand {
        @Override
        int operate(Atom target) {
            System.out.println("pong");
            return 0;
        }
    }

    @Command(name = "nodes", mixinStandardHelpOptions = true, description = "Print the nodes NODE is connected to, one a line.")
    static final class Nodes extends ControlCommand {
        @Override
        int operate(Atom target) {
            List<Atom> seen = Rpc.call(target, Control.NODES, List.of());
            seen.forEach(n -> System.out.println(n.name()));
            return 0;
        }
    }

    @Command(name = "remsh", mixinStandardHelpOptions = true,
            description = "A shell whose process lives on NODE (started with --allow-remsh); its output comes here.")
    static final class Remsh extends ControlCommand {
        @Override
        int operate(Atom target) throws Exception {
            try (Shell s = Shell.remote(System.out, target, IO.standardIo()); TerminalLines lines = new TerminalLines(s)) {
                s.run(lines);
            }
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop NODE's JVM.")
    static final class Stop extends ControlCommand {
        @Override
        int operate(Atom target) {
            Atom ok = Rpc.call(target, Control.STOP, List.of());
            System.out.println(ok.name());
            return 0;
        }
    }
}
