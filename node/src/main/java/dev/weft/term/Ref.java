package dev.weft.term;

/**
 * A reference: a term unique on its node (and, with the node name and creation, in the cluster).
 * Made by {@code Kernel.makeRef()} and {@code Kernel.monitor(pid)}.
 *
 * <pre>{@code
 * Ref ref = Kernel.makeRef();
 * System.out.println(ref);          // #Reference<0.0.0.42>
 * }</pre>
 *
 * @param node     the node that made it
 * @param id       unique on that node
 * @param creation the node's creation when it was made
 */
public record Ref(Atom node, long id, int creation) implements Inspectable {
    @Override
    public String toString() {
        return "#Reference<" + NodeNames.index(node) + "." + (id >>> 32) + "." + (id & 0xffffffffL) + "." + creation + ">";
    }
}
