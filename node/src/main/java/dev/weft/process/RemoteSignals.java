package dev.weft.process;

import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;

/**
 * Internal SPI: where the runtime hands every signal addressed to a pid on another node. The
 * distribution layer installs one implementation with {@link Inbound#install}; without one, signals
 * to other nodes get the answers of a node that cannot be reached. Not for application code.
 *
 * <p>Methods are called from any thread, including the scheduler threads polling the network, and
 * must not block for long; each keeps the order of signals between a pair of processes.
 *
 * <pre>{@code
 * Inbound.install(myRemoteSignals, 7);   // once, when distribution starts
 * }</pre>
 */
public interface RemoteSignals {
    /** A message for {@code to}. */
    void send(Pid to, Object msg);

    /** A message for whoever {@code alias}, a ref made on another node, stands for there. */
    void sendAlias(Ref alias, Object msg);

    /** A message for the process registered as {@code name} on {@code node}. */
    void sendNamed(Atom name, Atom node, Object msg);

    void link(Pid from, Pid to);

    void unlink(Pid from, Pid to);

    /** An exit signal; {@code linked} when it comes from a link rather than {@code exit(pid, reason)}. */
    void exit(Pid from, Pid to, Object reason, boolean linked);

    void monitor(Pid from, Pid to, Ref ref);

    /**
     * {@code from} monitors, under {@code ref}, whoever is registered as {@code name} on {@code node}
     * when the request gets there; the Down is {@code :noproc} if nobody is. The watcher's monitor
     * points at {@code Pid(node, 0, 0)} until then; a demonitor sent there reaches the real process.
     */
    void monitorName(Pid from, Atom name, Atom node, Ref ref);

    void demonitor(Pid from, Pid to, Ref ref);

    /** {@code from}, watched by {@code to} under {@code ref}, went down with {@code reason}. */
    void down(Pid from, Pid to, Ref ref, Object reason);

    /** Makes {@code leader} the group leader of the remote process {@code pid}. */
    void groupLeader(Pid leader, Pid pid);

    /**
     * Has {@code node} log the error report of the local process {@code pid}, whose group leader lives
     * there ({@code details}: what follows the pid, stack trace included); false, sending nothing, if
     * {@code node} cannot be reached.
     */
    boolean report(Pid pid, Atom node, String details);
}
