package dev.weft.cli;

import dev.weft.dist.Node;
import dev.weft.term.Atom;
import java.util.List;

/**
 * The functions every node started by {@code weft node} exports for {@code weft nodes} and
 * {@code weft stop} (callable by any node that knows the cookie, like everything else).
 *
 * <pre>{@code
 * List<Atom> seen = Rpc.call(Atom.of("a@127.0.0.1"), Control.NODES, List.of());
 * }</pre>
 */
public final class Control {
    /** The export name of {@link #nodes()}. */
    public static final String NODES = "weft_nodes";
    /** The export name of {@link #stop()}. */
    public static final String STOP = "weft_stop";

    private Control() {}

    /** The name prefix of the short-lived nodes {@code weft ping/nodes/stop} start; {@link #nodes()} hides them. */
    static final String CONTROL_PREFIX = "weft_ctl_";

    /** The nodes this node is connected to, less control nodes (like the BEAM's hidden nodes). */
    public static List<Atom> nodes() {
        return Node.list().stream().filter(n -> !n.name().startsWith(CONTROL_PREFIX)).toList();
    }

    /** Stops this node's JVM a moment after answering, so the caller gets its reply. */
    public static Atom stop() {
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.exit(0);
        });
        return Atom.OK;
    }
}
