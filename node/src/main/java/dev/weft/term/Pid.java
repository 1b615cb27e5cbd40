package dev.weft.term;

/**
 * A process identifier. A pid names its node and the node's creation (which run of that node
 * name made it), so a pid from an earlier run of a node is recognisably dead.
 *
 * <pre>{@code
 * Pid pid = Kernel.self();
 * System.out.println(pid);          // #PID<0.84.0>
 * }</pre>
 *
 * @param node     the node the process lives on
 * @param id       the process number on that node
 * @param creation the node's creation when the process was made
 */
public record Pid(Atom node, long id, int creation) implements Inspectable {
    /** Prints as Elixir's {@code inspect}: {@code #PID<0.84.0>}, where the first number is 0 for a local pid. */
    @Override
    public String toString() {
        return "#PID<" + NodeNames.index(node) + "." + id + ".0>";
    }
}
