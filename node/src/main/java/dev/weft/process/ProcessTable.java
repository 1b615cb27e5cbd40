package dev.weft.process;

import dev.weft.term.Atom;
import dev.weft.term.NodeNames;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The node's processes by number, its registered names and its active aliases. */
final class ProcessTable {
    private static final ProcTable PROCS = new ProcTable();
    private static final ConcurrentHashMap<Atom, Proc> NAMES = new ConcurrentHashMap<>();
    private static final Object NAMES_LOCK = new Object();
    /** Active aliases ({@code alias/1}, monitors made with an alias) and the process each stands for. */
    private static final ConcurrentHashMap<Ref, Proc> ALIASES = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT_REF = new AtomicLong(1);
    private static volatile int creation;
    /** {@code Thread.uncaughtExceptionHandler}, if {@code java.lang} is open to us; else null (the public getter is slower). */
    private static final VarHandle HANDLER = handlerField();

    private ProcessTable() {}

    private static VarHandle handlerField() {
        if (!Thread.class.getModule().isOpen("java.lang", ProcessTable.class.getModule())) return null;
        try {
            return MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                    .findVarHandle(Thread.class, "uncaughtExceptionHandler", Thread.UncaughtExceptionHandler.class);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** A local pid numbered {@code id}: the process's thread id, or a {@link #freshId()}. */
    static Pid newPid(long id) {
        return new Pid(NodeNames.local(), id, creation);
    }

    /** A number no thread and no other process has: the id of a thread made for it and never started. */
    static long freshId() {
        return Thread.ofVirtual().unstarted(() -> { }).threadId();
    }

    /**
     * The process running on the calling thread, if it was spawned (not adopted); else null. A
     * spawned process is its thread's uncaught-exception handler ({@link Proc#Proc(Runnable, Pid, Pid)}),
     * read straight from the field where {@code java.lang} is open to us: a field read where a table
     * lookup took two cache misses, a fifth of a ring hop. If the process's code set another handler,
     * the table (keyed by thread id) still finds it.
     */
    static Proc current() {
        Thread t = Thread.currentThread();
        if (handler(t) instanceof Proc p && p.thread() == t) return p;
        Proc p = PROCS.get(t.threadId());
        return p != null && p.thread() == t ? p : null;
    }

    private static Thread.UncaughtExceptionHandler handler(Thread t) {
        return HANDLER == null ? t.getUncaughtExceptionHandler() : (Thread.UncaughtExceptionHandler) HANDLER.get(t);
    }

    static Ref newRef() {
        return new Ref(NodeNames.local(), NEXT_REF.getAndIncrement(), creation);
    }

    static int creation() {
        return creation;
    }

    static void setCreation(int c) {
        creation = c;
    }

    static boolean isLocal(Pid pid) {
        return NodeNames.isLocal(pid.node());
    }

    static void add(Proc p) {
        PROCS.add(p);
    }

    static void remove(Proc p) {
        PROCS.remove(p);
    }

    /** The live-or-exiting local process {@code pid} names, or null. */
    static Proc get(Pid pid) {
        Proc p = PROCS.get(pid.id());
        return p != null && (p.pid == pid || p.pid.creation() == pid.creation() && isLocal(pid)) ? p : null;
    }

    static void putAlias(Ref alias, Proc p) {
        ALIASES.put(alias, p);
    }

    static void removeAlias(Ref alias) {
        ALIASES.remove(alias);
    }

    /** The process {@code alias} stands for while it is active, or null. */
    static Proc aliasOwner(Ref alias) {
        return ALIASES.get(alias);
    }

    static int count() {
        return PROCS.size();
    }

    static List<Pid> pids() {
        List<Pid> out = new ArrayList<>(PROCS.size());
        PROCS.forEach(p -> {
            if (!p.closed()) out.add(p.pid);   // not one that has ended and is still telling its links
        });
        return out;
    }

    static void register(Atom name, Proc p) {
        if (name.equals(Atom.UNDEFINED)) throw new IllegalArgumentException("cannot register a process as :undefined");
        synchronized (NAMES_LOCK) {
            String why = !p.isAlive() ? "it is not alive"
                    : NAMES.containsKey(name) ? "the name is already taken by " + NAMES.get(name).pid
                    : p.registeredName != null ? "it is already registered as " + p.registeredName
                    : null;
            if (why != null) {
                throw new IllegalArgumentException("could not register " + p.pid + " with name " + name + " because " + why);
            }
            NAMES.put(name, p);
            p.registeredName = name;
            if (!p.isAlive()) { // it began to exit meanwhile, and its exit may not have seen the name
                NAMES.remove(name, p);
                p.registeredName = null;
                throw new IllegalArgumentException("could not register " + p.pid + " with name " + name + " because it is not alive");
            }
        }
    }

    static void unregister(Atom name) {
        synchronized (NAMES_LOCK) {
            Proc p = NAMES.remove(name);
            if (p == null) throw new IllegalArgumentException("could not unregister " + name + " because it is not registered");
            p.registeredName = null;
        }
    }

    /**
     * Frees the exiting process's name, if it still has one. Called after the exit reason is set, so
     * either this sees a name being registered or {@link #register} sees the process is not alive.
     */
    static void unregister(Proc p) {
        if (p.registeredName == null) return;
        synchronized (NAMES_LOCK) {
            Atom name = p.registeredName;
            if (name != null) {
                NAMES.remove(name, p);
                p.registeredName = null;
            }
        }
    }

    static Proc whereis(Atom name) {
        return NAMES.get(name);
    }

    static List<Atom> registered() {
        return List.copyOf(NAMES.keySet());
    }
}
