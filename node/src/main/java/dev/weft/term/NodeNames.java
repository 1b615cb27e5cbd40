package dev.weft.term;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The numbering of nodes in printed pids: the local node prints as 0, each other node gets its own
 * number on first sight, as on the BEAM. Which node is local is set by the runtime.
 */
public final class NodeNames {
    /** The name of a node that is not distributed, as on the BEAM. */
    public static final Atom NONODE = Atom.of("nonode@nohost");

    private static volatile Atom local = NONODE;
    private static final ConcurrentHashMap<Atom, Integer> OTHERS = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger(1);

    private NodeNames() {}

    /** This node's name. */
    public static Atom local() {
        return local;
    }

    /** Names this node (done once, when distribution starts). */
    public static void setLocal(Atom name) {
        local = name;
    }

    /**
     * Whether {@code node} names this node: its name, or {@code nonode@nohost} for the pids and refs
     * made before distribution started here, which stay this node's (as on the BEAM).
     */
    public static boolean isLocal(Atom node) {
        return node.equals(local) || node.equals(NONODE);
    }

    static int index(Atom node) {
        if (isLocal(node)) return 0;
        return OTHERS.computeIfAbsent(node, n -> NEXT.getAndIncrement());
    }
}
