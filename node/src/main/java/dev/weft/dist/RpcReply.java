package dev.weft.dist;

import dev.weft.term.Ref;

/** What a process spawned for {@link Rpc#call} sends its caller when its function returns. */
record RpcReply(Ref ref, Object value) {}
