package dev.weft.process;

/**
 * One clause list of a selective {@code receive}: looks at a message and returns what the receive
 * should return, or {@link Kernel#NO_MATCH} to leave the message in the mailbox, in place.
 *
 * <pre>{@code
 * record Hello(String who) {}
 * String who = Kernel.receive(msg -> switch (msg) {
 *     case Hello(String w) -> w;
 *     default -> Kernel.NO_MATCH;
 * });
 * }</pre>
 *
 * A matcher runs in the receiving process and may itself call {@code receive}.
 */
@FunctionalInterface
public interface Matcher {
    /** The value for {@code message}, or {@link Kernel#NO_MATCH}. */
    Object match(Object message);
}
