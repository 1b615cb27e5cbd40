package dev.weft.process;

import dev.weft.term.Atom;
import dev.weft.term.NodeNames;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The node's processes by number, and its registered names. */
final class ProcessTable {
    private static final ConcurrentHashMap<Long, Proc> PROCS = new ConcurrentHashMap<>(1 << 16);
    private static final ConcurrentHashMap<Atom, Proc> NAMES = new ConcurrentHashMap<>();
    private static final Object NAMES_LOCK = new Object();
    private static final AtomicLong NEXT_ID = new AtomicLong(64);
    private static final AtomicLong NEXT_REF = new AtomicLong(1);
    private static volatile int creation;

    private ProcessTable() {}

    static Pid newPid() {
        return new Pid(NodeNames.local(), NEXT_ID.getAndIncrement(), creation);
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
        return pid.node().equals(NodeNames.local());
    }

    static void add(Proc p) {
        PROCS.put(p.pid.id(), p);
    }

    static void remove(Proc p) {
        PROCS.remove(p.pid.id(), p);
    }

    /** The live-or-exiting local process {@code pid} names, or null. */
    static Proc get(Pid pid) {
        Proc p = PROCS.get(pid.id());
        return p != null && p.pid.creation() == pid.creation() && isLocal(pid) ? p : null;
    }

    static int count() {
        return PROCS.size();
    }

    static List<Pid> pids() {
        List<Pid> out = new ArrayList<>(PROCS.size());
        for (Proc p : PROCS.values()) out.add(p.pid);
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
        }
    }

    static void unregister(Atom name) {
        synchronized (NAMES_LOCK) {
            Proc p = NAMES.remove(name);
            if (p == null) throw new IllegalArgumentException("could not unregister " + name + " because it is not registered");
            p.registeredName = null;
        }
    }

    /** Frees the exiting process's name, if it still has one. */
    static void unregister(Proc p) {
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
