package dev.weft.dist;

import dev.weft.term.Ref;

/**
 * The result of a call from another node: the exit reason of a process spawned for {@link Rpc#call}
 * (its caller gets it in the DOWN), and what a remote file open answers its opener.
 */
record RpcReply(Ref ref, Object value) {}

