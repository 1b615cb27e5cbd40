package dev.weft.dist;

import dev.weft.term.Pid;
import dev.weft.term.Ref;

/** The answer to a remote spawn request, put in the caller's mailbox: the new pid, or why not (a string or {@code :noconnection}). */
record SpawnResult(Ref ref, Pid pid, Object error) {}
