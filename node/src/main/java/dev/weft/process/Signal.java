package dev.weft.process;

import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Signals between processes. They travel in the same queue as messages (so the order between two
 * processes is kept) but are handled by the runtime, never seen by a matcher.
 */
sealed interface Signal {
    /** {@code from} linked to the receiver. */
    record Link(Pid from) implements Signal {}

    /** {@code from} removed its link to the receiver. */
    record Unlink(Pid from) implements Signal {}

    /** An exit signal: from a link ({@code linked}) or from {@code Kernel.exit(pid, reason)}. */
    record ExitSignal(Pid from, Object reason, boolean linked) implements Signal {}

    /** {@code from} monitors the receiver under {@code ref}. */
    record Monitor(Ref ref, Pid from) implements Signal {}

    /** {@code from} dropped its monitor {@code ref} on the receiver. */
    record Demonitor(Ref ref, Pid from) implements Signal {}

    /** The process {@code from}, monitored under {@code ref}, went down. */
    record DownSignal(Ref ref, Pid from, Object reason) implements Signal {}

    /** A message sent to {@code alias}: delivered as {@code msg} if the alias is still active when it arrives. */
    record AliasMessage(Ref alias, Object msg) implements Signal {}

    /**
     * Another thread asks for the receiver's info, which it answers with {@code read} once it has
     * handled the signals sent before this one (null if it exits first); {@code status} is the
     * receiver's as the request was sent.
     */
    record InfoRequest<T>(Atom status, Function<Atom, T> read, CompletableFuture<T> reply) implements Signal {
        /** Receiver: answers with what {@code read} sees now (a failure of {@code read} goes to the asker, not the receiver). */
        void answer() {
            try {
                reply.complete(read.apply(status));
            } catch (RuntimeException e) {
                reply.completeExceptionally(e);
            }
        }

        /** Receiver, exiting: answers that it is gone. */
        void refuse() {
            reply.complete(null);
        }
    }
}
