package dev.weft.process;

import dev.weft.term.Inspect;
import dev.weft.term.Inspectable;
import dev.weft.term.Pid;
import dev.weft.term.Ref;

/**
 * The message a monitor delivers when the monitored process ends: Elixir's
 * {@code {:DOWN, ref, :process, pid, reason}}.
 *
 * <pre>{@code
 * Pid pid = Kernel.spawn(() -> {});
 * Ref ref = Kernel.monitor(pid);
 * Down down = Kernel.receive(Kernel.downOf(ref));
 * assert down.reason() == Atom.NORMAL;
 * }</pre>
 *
 * @param ref    the monitor's reference
 * @param pid    the process that went down
 * @param reason why: its exit reason, {@code :noproc} if it was already gone, {@code :noconnection}
 */
public record Down(Ref ref, Pid pid, Object reason) implements Inspectable {
    @Override
    public String toString() {
        return "{:DOWN, " + ref + ", :process, " + pid + ", " + Inspect.inspect(reason) + "}";
    }
}
