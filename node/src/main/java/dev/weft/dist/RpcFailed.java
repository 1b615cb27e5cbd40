package dev.weft.dist;

import dev.weft.term.Atom;
import dev.weft.term.Ref;

/**
 * How the function of a call from another node failed, as the exit reason of its process (see
 * {@link RpcReply}): {@code kind} is erpc's class, {@code :exit} with the exit reason or {@code :error}
 * with the exception itself.
 */
record RpcFailed(Ref ref, Atom kind, Object reason) {}
