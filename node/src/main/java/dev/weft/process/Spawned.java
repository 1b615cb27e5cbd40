package dev.weft.process;

import dev.weft.term.Pid;
import dev.weft.term.Ref;

/**
 * What {@link Kernel#spawnMonitor(Runnable)} returns: Elixir's {@code {pid, ref}}.
 *
 * <pre>{@code
 * Spawned s = Kernel.spawnMonitor(() -> {});
 * Down d = Kernel.receive(Kernel.downOf(s.ref()));
 * }</pre>
 *
 * @param pid the new process
 * @param ref the monitor on it
 */
public record Spawned(Pid pid, Ref ref) {}
