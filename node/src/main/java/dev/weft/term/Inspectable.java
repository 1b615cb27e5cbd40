package dev.weft.term;

/**
 * A marker for values whose {@code toString} already prints like Elixir's {@code inspect}
 * (the runtime's own message records, such as {@code {:EXIT, pid, reason}}).
 *
 * <pre>{@code
 * record Hello(String who) implements Inspectable {
 *     public String toString() { return "{:hello, " + Inspect.inspect(who) + "}"; }
 * }
 * }</pre>
 */
public interface Inspectable {}
