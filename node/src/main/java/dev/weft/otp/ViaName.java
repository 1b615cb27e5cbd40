package dev.weft.otp;

import dev.weft.term.Pid;

/**
 * A server name kept by a name registry other than the node's own: Elixir's
 * {@code {:via, module, name}}, where the module has {@code register_name}, {@code unregister_name}
 * and {@code whereis_name}. {@link Registry.Via} is one, and so is {@code dev.weft.dist.Global.Name}
 * (Elixir's {@code {:global, name}}). GenServer, Agent and Supervisor take one wherever they take a name.
 *
 * <pre>{@code
 * record Fixed(Pid pid) implements ViaName {            // a registry that always names one process
 *     public Pid register() { return pid; }              // taken: the start fails with {:already_started, pid}
 *     public void unregister() {}
 *     public Pid whereis() { return pid; }
 * }
 * GenServer.call(new Fixed(server), "ping");             // reaches server
 * }</pre>
 */
public interface ViaName {
    /** Registers the calling process under this name: null, or the process that holds it already. */
    Pid register();

    /** Removes the calling process's registration under this name, if it has one. */
    void unregister();

    /** The process registered under this name, or null. */
    Pid whereis();
}
