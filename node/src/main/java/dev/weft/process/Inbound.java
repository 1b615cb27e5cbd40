package dev.weft.process;

import dev.weft.process.Signal.Demonitor;
import dev.weft.process.Signal.DownSignal;
import dev.weft.process.Signal.ExitSignal;
import dev.weft.process.Signal.Link;
import dev.weft.process.Signal.Monitor;
import dev.weft.process.Signal.Unlink;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Internal: the entry the distribution layer uses to deliver signals that arrived from other nodes to
 * local processes, and to plug itself in ({@link #install}). Every method is safe from any thread and
 * never blocks. Not for application code: use {@link Kernel}.
 *
 * <pre>{@code
 * Inbound.install(remoteSignals, creation);      // once, at node start
 * Inbound.send(localPid, "hello from afar");     // a message that came over the wire
 * }</pre>
 */
public final class Inbound {
    private Inbound() {}

    /**
     * Routes signals for other nodes to {@code remote} and sets this node's creation number: pids
     * made from now on carry it; those made before keep {@code nonode@nohost} and creation 0, and
     * stay local ({@code NodeNames.isLocal}).
     */
    public static void install(RemoteSignals remote, int creation) {
        ProcessTable.setCreation(creation);
        Signals.remote = remote;
    }

    /** A message for a local process; dropped if it is gone. */
    public static void send(Pid to, Object msg) {
        Proc p = ProcessTable.get(to);
        if (p != null) p.push(msg);
    }

    /** A message for a locally registered name; dropped if there is none, as on the BEAM. */
    public static void sendNamed(Atom name, Object msg) {
        Proc p = ProcessTable.whereis(name);
        if (p != null) p.push(msg);
    }

    /** A message sent to a local alias; dropped if the alias is not active (any more). */
    public static void sendAlias(Ref alias, Object msg) {
        Signals.sendAlias(alias, msg, false);
    }

    public static void link(Pid from, Pid to) {
        Signals.send(to, new Link(from));
    }

    public static void unlink(Pid from, Pid to) {
        Signals.send(to, new Unlink(from));
    }

    public static void exit(Pid from, Pid to, Object reason, boolean linked) {
        Signals.send(to, new ExitSignal(from, reason, linked));
    }

    public static void monitor(Pid from, Pid to, Ref ref) {
        Signals.send(to, new Monitor(ref, from));
    }

    public static void demonitor(Pid from, Pid to, Ref ref) {
        Signals.send(to, new Demonitor(ref, from));
    }

    public static void down(Pid from, Pid to, Ref ref, Object reason) {
        Signals.send(to, new DownSignal(ref, from, reason));
    }

    /**
     * If the calling process woke one that runs next on its scheduler: runs {@code flush} once the
     * scheduler is between processes (or an idle one takes it over) and returns true; otherwise
     * false, and nothing is kept. For the distribution's writers: see {@code Scheduler.defer}.
     */
    public static boolean defer(Runnable flush) {
        return Scheduler.defer(flush);
    }

    /**
     * Has the node's schedulers drive {@code poller} between processes ({@link Poller}); false, and
     * nothing changes, when processes run on the JDK's scheduler: then the caller drives it itself.
     */
    public static boolean drive(Poller poller) {
        return Scheduler.drive(poller);
    }

    /** Stops driving {@code poller} (if the schedulers drive it). */
    public static void stopDriving(Poller poller) {
        Scheduler.stopDriving(poller);
    }

    /**
     * Work was queued for the driven poller while no thread polled it: from a process, nothing (its
     * scheduler polls once the process is off it), from another thread, a parked scheduler wakes to poll.
     */
    public static void ioQueued() {
        Scheduler.ioQueued();
    }

    /** Work piles up for the driven poller: a parked scheduler wakes to poll it, unless one is looking for work. */
    public static void ioWanted() {
        Scheduler.ioWanted();
    }

    /** Sets the group leader of a local process; ignored if it is gone. */
    public static void groupLeader(Pid leader, Pid pid) {
        Proc p = ProcessTable.get(pid);
        if (p != null) p.groupLeader = leader;
    }

    /**
     * Starts a process spawned for a remote caller: {@code parent} and {@code groupLeader} are the
     * caller's, it is linked to {@code linkTo} when that is not null, monitored by {@code parent} under
     * {@code monitorRef} when that is not null. {@code announce} gets the pid before the process runs,
     * so the reply to the caller is sent before anything the new process sends.
     */
    public static Pid spawn(Runnable body, Pid parent, Pid groupLeader, Pid linkTo, Ref monitorRef, Consumer<Pid> announce) {
        Proc p = new Proc(body, parent, groupLeader);
        if (linkTo != null) p.addLink(linkTo);
        if (monitorRef != null) p.onSignal(new Monitor(monitorRef, parent));
        announce.accept(p.pid);
        p.start();
        return p.pid;
    }

    /**
     * Kills the calling process after {@code delay}, unless {@link Kernel#cancelTimer} cancels the
     * returned timer first: the deadline of a call made from another node.
     */
    public static Ref killAfter(Duration delay) {
        Pid me = Kernel.self();
        return Kernel.startTimer(() -> exit(me, me, Atom.KILL, false), delay);
    }

    /**
     * Makes the calling process monitor {@code target} under {@code ref} (a remote spawn_monitor):
     * a {@link Down} for {@code ref} is delivered from now on; {@link #retarget} once the real pid is known.
     */
    public static void watch(Ref ref, Pid target) {
        Kernel.current().putMonitor(ref, target);
    }

    /** Points the calling process's monitor {@code ref} at {@code target}; false if it has no such monitor (any more). */
    public static boolean retarget(Ref ref, Pid target) {
        Proc me = Kernel.current();
        synchronized (me) {
            if (me.removeMonitor(ref) == null) return false;
            me.putMonitor(ref, target);
            return true;
        }
    }
}
