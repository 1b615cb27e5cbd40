package dev.weft.process;

import dev.weft.process.Signal.AliasMessage;
import dev.weft.process.Signal.DownSignal;
import dev.weft.process.Signal.Demonitor;
import dev.weft.process.Signal.ExitSignal;
import dev.weft.process.Signal.InfoRequest;
import dev.weft.process.Signal.Link;
import dev.weft.process.Signal.Monitor;
import dev.weft.process.Signal.Unlink;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A process's control block: its mailbox, its links and monitors, and its life from start to exit.
 * Links and monitors are changed only by the owner (when it handles a signal or calls link/monitor);
 * other threads read them under the object's lock, for {@code info}.
 */
final class Proc extends Mailbox implements Runnable, Thread.UncaughtExceptionHandler {
    private static final System.Logger LOG = System.getLogger("dev.weft.process");
    private static final ThreadFactory THREADS = Scheduler.threads();
    private static final VarHandle EXIT_REASON;
    private static final Atom EXITING = Atom.of("exiting");
    private static final Atom WAITING = Atom.of("waiting");
    private static final Atom RUNNING = Atom.of("running");
    /** How long {@link #infoAfterSignals} waits for a process busy outside the runtime before reading it as it is. */
    private static final long INFO_WAIT_MILLIS = 100;

    static {
        // Loaded before the JIT compiles checkExit: else every process parked in code compiled
        // without the class deoptimizes when it is killed (a million kills, a million deopts).
        new ExitException(Atom.NORMAL).reason();
        try {
            EXIT_REASON = MethodHandles.lookup().findVarHandle(Proc.class, "exitReason", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Pid pid;
    /** {@code pid.id()}, kept here for {@link ProcTable}: a lookup compares it without loading the pid. */
    final long id;
    private final Runnable body;
    private final Thread thread;
    private final Pid parent;
    /** Set once, when the process is told to exit or has finished: from then on it is not alive. */
    private volatile Object exitReason;
    /** Owner: the exit has been thrown to the process's code ({@link #checkExit}); an adopted thread sees it only once. */
    private boolean exitThrown;
    volatile boolean trapExit;
    volatile Atom registeredName;
    volatile Pid groupLeader;
    private Set<Pid> links;
    private Map<Ref, Pid> monitors;
    private Map<Ref, Pid> monitoredBy;
    /** Active aliases and what ends each (a {@code Kernel} alias mode); owner only, made on first alias. */
    private HashMap<Ref, Atom> aliases;
    /** The process dictionary ({@code Process.put/get}); owner only, made on first put. */
    HashMap<Object, Object> dictionary;
    /**
     * {@code Kernel.sendAfter} timers for this process, cancelled when it exits (as on the BEAM): any
     * thread, under the lock; made on the first (volatile, so that terminate sees it without the lock).
     */
    private volatile Set<Ref> timers;
    /**
     * What waits for this process to have sent its exit signals ({@link #afterExit}): the {@code :noproc}
     * DOWN of a monitor made while it exits. Any thread; made on the first, under the lock.
     */
    private volatile ConcurrentLinkedQueue<Runnable> afterExit;
    /** Its exit signals have been sent ({@link #terminate}): what {@link #afterExit} gets now runs at once. */
    private volatile boolean exitSent;

    /**
     * A process that will run {@code body} on a new virtual thread once {@link #start()}ed. It is its
     * thread's uncaught-exception handler, which is how {@link ProcessTable#current()} finds it
     * without a thread-local or scoped value (each of those costs a few hundred bytes per process);
     * its pid's number is the thread's id.
     */
    Proc(Runnable body, Pid parent, Pid groupLeader) {
        this.body = body;
        this.parent = parent;
        this.groupLeader = groupLeader;
        this.thread = THREADS.newThread(this);
        thread.setUncaughtExceptionHandler(this);
        this.pid = ProcessTable.newPid(thread.threadId());
        this.id = pid.id();
    }

    /**
     * A process for a thread that is not one of ours (a main method, a test, the shell). Its number
     * is not the thread's id: the thread may outlive it and be adopted again.
     */
    Proc(Thread adopted, Pid groupLeader) {
        this.pid = ProcessTable.newPid(ProcessTable.freshId());
        this.id = pid.id();
        this.body = null;
        this.parent = null;
        this.groupLeader = groupLeader;
        this.thread = adopted;
    }

    @Override
    Thread thread() {
        return thread;
    }

    void start() {
        ProcessTable.add(this);
        Scheduler.start(thread);
    }

    boolean isAlive() {
        return exitReason == null;
    }

    Object exitReason() {
        return exitReason;
    }

    @Override
    public void run() {
        Object reason = Atom.NORMAL;
        try {
            checkExit();
            body.run();
        } catch (ExitException e) {
            reason = e.reason();
        } catch (Throwable t) {
            reason = t;
        }
        terminate(reason);
    }

    /** What escapes {@link #run} (only a failure of the exit itself: {@code run} catches the body's). */
    @Override
    public void uncaughtException(Thread t, Throwable e) {
        LOG.log(System.Logger.Level.ERROR, "Process " + pid + " failed while exiting", e);
    }

    // ---- exits ----

    /** Any thread: makes this process exit with {@code reason} as soon as it next looks (receive, start). */
    void kill(Object reason) {
        if (EXIT_REASON.compareAndSet(this, null, reason)) wake();
    }

    @Override
    boolean exitPending() {
        return exitReason != null;
    }

    @Override
    void checkExit() {
        Object r = exitReason;
        if (r != null) {
            exitThrown = true;
            throw new ExitException(r);
        }
    }

    /** Owner: whether {@link #checkExit} has thrown the exit to the process's code. */
    boolean exitThrown() {
        return exitThrown;
    }

    /** Owner: ends the process: closes the mailbox, frees the name, tells links and monitors. */
    void terminate(Object reason) {
        if (!EXIT_REASON.compareAndSet(this, null, reason)) reason = exitReason;
        for (Signal s : close()) {
            switch (s) {
                case Link(Pid from) -> addLink(from);
                case Unlink(Pid from) -> removeLink(from);
                case Monitor(Ref ref, Pid from) -> putMonitoredBy(ref, from);
                case Demonitor(Ref ref, Pid from) -> removeMonitoredBy(ref);
                case InfoRequest<?> request -> request.refuse();
                default -> { }
            }
        }
        ProcessTable.unregister(this);
        if (timers != null) cancelTimers();
        if (aliases != null) aliases.keySet().forEach(ProcessTable::removeAlias);
        if (reason instanceof Throwable t && !(t instanceof ExitException)) report(t);
        try {
            sendExitSignals(reason);
        } finally {
            exitSent = true;
            ConcurrentLinkedQueue<Runnable> waiting = afterExit;
            if (waiting != null) for (Runnable r; (r = waiting.poll()) != null; ) r.run();
            ProcessTable.remove(this);   // found until now, so that a monitor made meanwhile waits for the DOWNs (afterExit)
        }
    }

    /**
     * Any thread: runs {@code r} once this process, which is exiting, has sent its exit signals (at
     * once if it has): a monitor made while it exits gets its {@code :noproc} DOWN after the DOWN of
     * an earlier monitor, as the BEAM orders the signals between two processes.
     */
    void afterExit(Runnable r) {
        ConcurrentLinkedQueue<Runnable> waiting = afterExit;
        if (waiting == null) {
            synchronized (this) {
                if ((waiting = afterExit) == null) afterExit = waiting = new ConcurrentLinkedQueue<>();
            }
        }
        waiting.add(r);
        if (exitSent && waiting.remove(r)) r.run();   // the exit read the queue before r was in it
    }

    /** Owner, at exit: tells links and monitors, and the processes this one monitored. */
    private void sendExitSignals(Object reason) {
        if (links == null && monitors == null && monitoredBy == null) return; // the owner's own fields: no one to tell
        List<Pid> linked;
        Map<Ref, Pid> watchers;
        Map<Ref, Pid> watching;
        synchronized (this) {
            linked = links == null ? List.of() : new ArrayList<>(links);
            watchers = monitoredBy == null ? Map.of() : new HashMap<>(monitoredBy);
            watching = monitors == null ? Map.of() : new HashMap<>(monitors);
            links = null;
            monitors = null;
            monitoredBy = null;
        }
        Object r = reason;
        for (Pid p : linked) Signals.send(p, new ExitSignal(pid, r, true));
        watchers.forEach((ref, p) -> Signals.send(p, new DownSignal(ref, pid, r)));
        watching.forEach((ref, p) -> Signals.send(p, new Demonitor(ref, pid)));
    }

    /**
     * Logs the error report of a crash: where the group leader lives, as the BEAM's logger does, so
     * the crash of a process spawned from another node is reported there, beside its output (here if
     * that node cannot be reached).
     */
    private void report(Throwable t) {
        Pid leader = groupLeader;
        RemoteSignals remote = Signals.remote;
        if (leader != null && remote != null && !ProcessTable.isLocal(leader)) {
            StringWriter stack = new StringWriter();
            t.printStackTrace(new PrintWriter(stack));
            if (remote.report(pid, leader.node(), reportDetails() + "\n" + stack)) return;
        }
        LOG.log(System.Logger.Level.ERROR, () -> "Process " + pid + reportDetails(), t);
    }

    /** What an error report says after the pid: its name, initial call, ancestors and links. */
    private String reportDetails() {
        return (registeredName != null ? " (" + registeredName + ")" : "")
                + " raised an exception\n    initial call: " + (body == null ? "adopted thread " + thread.getName() : body.getClass().getName())
                + "\n    ancestors: " + (parent == null ? "[]" : "[" + parent + "]")
                + "\n    links: " + linkList();
    }

    // ---- timers for this process ----

    /** Any thread: tracks sendAfter timer {@code ref}; false if the process is exiting (the caller then starts no timer). */
    boolean addTimer(Ref ref) {
        synchronized (this) {
            if (timers == null) timers = new HashSet<>(4);
            timers.add(ref);
        }
        return isAlive();   // read after the add: an exit that began before it either sees the ref or is seen here
    }

    /** Any thread: timer {@code ref} fired or was cancelled. */
    synchronized void removeTimer(Ref ref) {
        if (timers != null) timers.remove(ref);
    }

    private void cancelTimers() {
        List<Ref> refs;
        synchronized (this) {
            refs = List.copyOf(timers);
        }
        refs.forEach(Kernel::cancelTimer);
    }

    // ---- signals (owner thread) ----

    @Override
    void onSignal(Signal signal) {
        switch (signal) {
            case Link(Pid from) -> addLink(from);
            case Unlink(Pid from) -> removeLink(from);
            case ExitSignal(Pid from, Object reason, boolean linked) -> onExit(from, reason, linked);
            case Monitor(Ref ref, Pid from) -> putMonitoredBy(ref, from);
            case Demonitor(Ref ref, Pid from) -> removeMonitoredBy(ref);
            case DownSignal(Ref ref, Pid from, Object reason) -> {
                if (dropMonitor(ref) != null) appendMessage(new Down(ref, from, reason));
            }
            case AliasMessage(Ref alias, Object msg) -> onAliasMessage(alias, msg);
            case InfoRequest<?> request -> request.answer();
        }
    }

    /** A message through {@code alias}: kept only while the alias is active, as on the BEAM. */
    private void onAliasMessage(Ref alias, Object msg) {
        Atom mode = aliases == null ? null : aliases.get(alias);
        if (mode == null) return;
        appendMessage(msg);
        if (Kernel.REPLY.equals(mode)) {
            removeAlias(alias);
        } else if (Kernel.REPLY_DEMONITOR.equals(mode)) {
            removeAlias(alias);
            Pid target = removeMonitor(alias);
            if (target != null) Signals.send(target, new Demonitor(alias, pid));
        }
    }

    // ---- aliases (owner thread) ----

    void addAlias(Ref alias, Atom mode) {
        if (aliases == null) aliases = new HashMap<>(4);
        aliases.put(alias, mode);
        ProcessTable.putAlias(alias, this);
    }

    /** Deactivates {@code alias}; false if it was not an active alias of this process. */
    boolean removeAlias(Ref alias) {
        if (aliases == null || aliases.remove(alias) == null) return false;
        ProcessTable.removeAlias(alias);
        return true;
    }

    /**
     * Owner: ends monitor {@code ref} (demonitored, or its Down delivered) and an alias made to last as
     * long; returns whom it watched, or null if there was no such monitor.
     */
    Pid dropMonitor(Ref ref) {
        if (aliases != null && aliases.get(ref) instanceof Atom mode && !Kernel.EXPLICIT_UNALIAS.equals(mode)) removeAlias(ref);
        return removeMonitor(ref);
    }

    private void onExit(Pid from, Object reason, boolean linked) {
        if (linked && !removeLink(from)) return;
        if (!linked && Atom.KILL.equals(reason)) {
            kill(Atom.KILLED);
        } else if (trapExit) {
            appendMessage(new Exit(from, reason));
        } else if (Atom.NORMAL.equals(reason)) {
            if (!linked && from.equals(pid)) kill(Atom.NORMAL);
        } else {
            kill(reason);
        }
    }

    // ---- link and monitor tables ----

    synchronized boolean addLink(Pid other) {
        if (links == null) links = new HashSet<>(4);
        return links.add(other);
    }

    synchronized boolean removeLink(Pid other) {
        return links != null && links.remove(other);
    }

    synchronized boolean isLinked(Pid other) {
        return links != null && links.contains(other);
    }

    synchronized void putMonitor(Ref ref, Pid target) {
        if (monitors == null) monitors = new HashMap<>(4);
        monitors.put(ref, target);
    }

    /** Whether {@code other}'s exit signals reach this process: linked to it, or monitoring it under a ref other than {@code except}. */
    synchronized boolean toldOfExit(Pid other, Ref except) {
        if (links != null && links.contains(other)) return true;
        if (monitors != null) {
            for (Map.Entry<Ref, Pid> m : monitors.entrySet()) {
                if (m.getValue().equals(other) && !m.getKey().equals(except)) return true;
            }
        }
        return false;
    }

    synchronized Pid removeMonitor(Ref ref) {
        return monitors == null ? null : monitors.remove(ref);
    }

    private synchronized void putMonitoredBy(Ref ref, Pid watcher) {
        if (monitoredBy == null) monitoredBy = new HashMap<>(4);
        monitoredBy.put(ref, watcher);
    }

    private synchronized void removeMonitoredBy(Ref ref) {
        if (monitoredBy != null) monitoredBy.remove(ref);
    }

    synchronized List<Pid> linkList() {
        return links == null ? List.of() : List.copyOf(links);
    }

    /** Any thread: a snapshot as the tables are now (the owner's own view, from the owner). */
    ProcessInfo info() {
        return info(status());
    }

    /** Owner: what {@code read} sees of this process, once it has taken in what has arrived (and exited if told to). */
    <T> T readOwn(Function<Atom, T> read) {
        drain();
        checkExit();
        return read.apply(status());
    }

    /**
     * Any thread but the owner's: a snapshot taken by the process once it has handled every signal
     * sent to it before this call, as {@code process_info} of another process answers on the BEAM (a
     * link, unlink, monitor or demonitor just made shows); null if it exits first.
     */
    ProcessInfo infoAfterSignals() {
        return readAfterSignals(this::info, null);
    }

    /**
     * Any thread but the owner's: what {@code read} (given the status) sees of this process once it
     * has handled every signal sent to it before this call; null if it exits first.
     *
     * <p>With {@code asker} null, {@code read} touches only what any thread may read (the tables,
     * under the lock, and the queue's length): a process at rest is read at once, and one that does
     * not come back to the runtime within {@link #INFO_WAIT_MILLIS} (busy in Java code, or an adopted
     * thread outside Weft's calls) is read as it is, without waiting for it. Otherwise {@code read}
     * touches what only the owner may (its received messages, its dictionary): the process always
     * answers itself, however long it takes, and meanwhile {@code asker} (the calling process) handles
     * its own signals every {@link #INFO_WAIT_MILLIS}, as in a receive: it answers info asked of it
     * (two processes asking each other do not deadlock) and exits if told to.
     */
    <T> T readAfterSignals(Function<Atom, T> read, Proc asker) {
        if (asker == null && atRest()) return read.apply(WAITING);   // nothing to wait for: read as the process would answer
        Atom status = status();
        CompletableFuture<T> reply = new CompletableFuture<>();
        if (!push(new InfoRequest<>(status, read, reply))) return null;
        for (;;) {
            try {
                return reply.get(INFO_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (asker != null) throw new IllegalStateException("interrupted while waiting for the info of " + pid + " (the thread stays interrupted)");
                return isAlive() ? read.apply(status) : null;
            } catch (ExecutionException e) {
                throw new IllegalStateException("reading the info of " + pid + " failed", e.getCause());
            } catch (TimeoutException e) {
                if (asker == null) return isAlive() ? read.apply(status) : null;   // not back in the runtime yet: read as it is
                asker.drain();
                asker.checkExit();
            }
        }
    }

    private Atom status() {
        return !isAlive() ? EXITING : isWaiting() ? WAITING : RUNNING;
    }

    /** Any thread: the tables and the queue's length as they are now, under the lock. */
    ProcessInfo info(Atom status) {
        synchronized (this) {
            return new ProcessInfo(pid, status, length(),
                    links == null ? List.of() : List.copyOf(links),
                    monitors == null ? List.of() : List.copyOf(monitors.values()),
                    monitoredBy == null ? List.of() : List.copyOf(monitoredBy.values()),
                    registeredName, groupLeader, trapExit);
        }
    }
}
