package dev.weft.process;

import dev.weft.term.Ref;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A process's mailbox: a lock-free multi-producer stack that any thread pushes onto, and a private
 * list in arrival order that only the owning process reads. Selective receive scans the private
 * list; a message no clause takes stays where it is.
 *
 * <p>Thread-safety: {@link #push} from any thread; everything else from the owner only. Closing the
 * stack (when the process exits) makes later pushes fail, which is how a sender learns the
 * receiver is gone.
 */
abstract class Mailbox {
    /** A mailbox entry: the stack link while in flight, then a doubly linked list node. */
    static final class Node {
        Object msg;
        Node next;
        Node prev;

        Node(Object msg) {
            this.msg = msg;
        }
    }

    /** Returned by {@link #scan} when the timeout passed with no match. */
    static final Object TIMED_OUT = new Object();
    /** What a removed node holds; removed nodes keep their links so an interrupted scan can go on. */
    private static final Object REMOVED = new Object();
    private static final Node CLOSED = new Node(null);
    private static final VarHandle INCOMING;
    /** How many times {@link #spinForIncoming} looks before the process parks; 0: never spin. */
    private static final int SPINS = spins();

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            INCOMING = l.findVarHandle(Mailbox.class, "incoming", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Node incoming;
    private volatile boolean waiting;
    private Node head;
    private Node tail;
    private int size;
    /** The ref trick: messages after {@code mark} arrived after {@code markRef} was made. */
    private Node mark;
    private Ref markRef;
    private byte spinCredit;
    private byte spinProbe;

    abstract Thread thread();

    /** Handles a signal taken from the queue (owner thread). */
    abstract void onSignal(Signal signal);

    /** Throws if the process has been told to exit (owner thread). */
    abstract void checkExit();

    /** Whether the process has been told to exit (any thread; a volatile read). */
    abstract boolean exitPending();

    /** Any thread: enqueues a message or signal; false if the process has exited. */
    final boolean push(Object msg) {
        Node n = new Node(msg);
        for (;;) {
            Node h = incoming;
            if (h == CLOSED) return false;
            n.next = h;
            if (INCOMING.compareAndSet(this, h, n)) break;
        }
        wake();
        return true;
    }

    /** Any thread: wakes the owner if it waits in receive, so it sees a change of state. */
    final void wake() {
        if (waiting) LockSupport.unpark(thread());
    }

    final boolean isWaiting() {
        return waiting;
    }

    /**
     * Any thread: whether the owner waits in receive having handled everything sent to it before this
     * call. Waiting, then nothing queued, then still (or again) waiting: the owner clears the flag
     * before it takes what is queued and sets it only once it has handled it, so either it never left
     * the wait (and what came before was handled before it), or it took it all and handled it since.
     */
    final boolean atRest() {
        return waiting && incoming == null && waiting;
    }

    /** Owner: adds a message (a trapped exit, a DOWN) behind everything already received. */
    final void appendMessage(Object msg) {
        append(new Node(msg));
    }

    private void append(Node n) {
        n.next = null;
        n.prev = tail;
        if (tail == null) head = n;
        else tail.next = n;
        tail = n;
        size++;
    }

    /** Owner: moves what has arrived into the private list; true if any message was added. */
    final boolean drain() {
        if (incoming == null) return false;
        Node h = (Node) INCOMING.getAndSet(this, (Node) null);
        Node rev = null;
        while (h != null) {
            Node n = h.next;
            h.next = rev;
            rev = h;
            h = n;
        }
        Node before = tail;
        int sizeBefore = size;
        while (rev != null) {
            Node n = rev.next;
            if (rev.msg instanceof Signal s) onSignal(s);
            else append(rev);
            rev = n;
        }
        return size != sizeBefore || tail != before;
    }

    /**
     * Owner: the selective receive. Scans the private list in arrival order (from the ref mark if
     * {@code ref} is the current mark), then waits for more until {@code timeoutNanos} (negative:
     * forever; zero: only what is there now). Returns the matcher's value or {@link #TIMED_OUT}.
     * Small, so that the JIT inlines it where a process receives and calls that receive's matcher
     * directly: scanning a long mailbox is then a loop over its messages with the matcher's test in it.
     */
    final Object scan(Matcher m, Ref ref, long timeoutNanos) {
        drain();
        checkExit();
        Object r = take(m, startFor(ref));
        return r != Kernel.NO_MATCH ? r : await(m, timeoutNanos);
    }

    /** The matcher's value for the first message from {@code n} on that it takes, which leaves the mailbox; NO_MATCH if none does. */
    private Object take(Matcher m, Node n) {
        for (; n != null; n = after(n)) {
            Object r = m.match(n.msg);
            if (r != Kernel.NO_MATCH) {
                if (n.msg != REMOVED) unlink(n);
                return r;
            }
        }
        return Kernel.NO_MATCH;
    }

    /**
     * Owner: the rest of {@link #scan}, once what was there has been looked at: waits for more
     * messages and scans each as it comes. The timeout runs from here, as the BEAM starts a
     * receive's timer when its first look through the mailbox found nothing.
     */
    private Object await(Matcher m, long timeoutNanos) {
        boolean timed = timeoutNanos > 0 && timeoutNanos < Timers.FOREVER;
        long deadline = timed ? System.nanoTime() + timeoutNanos : 0;
        Timers.Timer timer = null;
        try {
            for (;;) {
                Node last = tail;
                for (;;) {
                    boolean more = drain();
                    checkExit();
                    if (more) break;
                    if (timeoutNanos == 0 || timed && deadline - System.nanoTime() <= 0) return TIMED_OUT;
                    if (spinForIncoming()) continue;
                    if (timed && timer == null) timer = Timers.start(deadline, this::wake);
                    waiting = true;
                    // all re-read after waiting is set: no lost wake-up (the timer wakes only a waiting process)
                    if (incoming == null && !exitPending() && !(timed && deadline - System.nanoTime() <= 0)) {
                        LockSupport.park(this);
                        if (Thread.currentThread().isInterrupted()) {   // park would return at once from now on
                            waiting = false;
                            throw new IllegalStateException("interrupted while waiting in receive (the thread stays interrupted)");
                        }
                    }
                    waiting = false;
                }
                Object r = take(m, last == null ? head : last.next);
                if (r != Kernel.NO_MATCH) return r;
            }
        } finally {
            if (timer != null) Timers.cancel(timer);
        }
    }

    /**
     * Owner, before parking: busy-waits a moment for a message, so that a process in a quick
     * exchange (a call, a ping-pong) is not parked and unparked for every reply; a sender that finds
     * the receiver not parked skips the unpark too. Adaptive: a process whose recent spins found
     * nothing stops spinning (and tries again now and then), so a process that waits long (a ring
     * member, a server between calls) does not hold a carrier thread. Off with one carrier, where
     * nothing else can run while it spins. A new process does not spin until a probe (every 32nd
     * wait) finds a message, so short-lived processes (a spawn tree) never spin.
     */
    private boolean spinForIncoming() {
        if (SPINS == 0 || (spinCredit <= 0 && (++spinProbe & 31) != 0) || Scheduler.handOffPending()) return false;
        for (int i = 0; i < SPINS; i++) {
            if (incoming != null) {
                if (spinCredit < 16) spinCredit += 2;
                return true;
            }
            Thread.onSpinWait();
        }
        if (spinCredit > 0) spinCredit--;
        return false;
    }

    private static int spins() {
        return Scheduler.carriers() > 1 ? Integer.getInteger("weft.receiveSpins", 100) : 0;
    }

    /** The live node after {@code n}, even if a nested receive removed {@code n} meanwhile. */
    private Node after(Node n) {
        if (n.msg != REMOVED) return n.next;
        Node p = n.prev;
        while (p != null && p.msg == REMOVED) p = p.prev;
        return p == null ? head : p.next;
    }

    private void unlink(Node n) {
        Node p = n.prev;
        Node x = n.next;
        if (p == null) head = x;
        else p.next = x;
        if (x == null) tail = p;
        else x.prev = p;
        n.msg = REMOVED;
        size--;
    }

    /** Owner: remembers where the mailbox ends, so a receive on {@code ref} skips older messages. */
    final void markFor(Ref ref) {
        drain();
        mark = tail;
        markRef = ref;
    }

    /**
     * Owner: removes every message {@code m} matches (for demonitor's flush), looking only at
     * messages that arrived after {@code ref} was made if it is the current mark.
     */
    final void removeAll(Matcher m, Ref ref) {
        drain();
        for (Node n = startFor(ref); n != null; n = n.next) {
            if (m.match(n.msg) != Kernel.NO_MATCH) unlink(n);
        }
    }

    /** Where a scan for messages about {@code ref} starts: after the mark if {@code ref} made it, else the head. */
    private Node startFor(Ref ref) {
        return ref != null && ref.equals(markRef) ? (mark == null ? head : after(mark)) : head;
    }

    /** Owner: the messages received and not taken yet, in arrival order (for info). */
    final java.util.List<Object> messages() {
        java.util.ArrayList<Object> out = new java.util.ArrayList<>(size);
        for (Node n = head; n != null; n = n.next) out.add(n.msg);
        return java.util.Collections.unmodifiableList(out);
    }

    /** Owner: takes every message, in order (for flush). */
    final java.util.List<Object> takeAll() {
        drain();
        java.util.ArrayList<Object> out = new java.util.ArrayList<>(size);
        for (Node n = head; n != null; n = n.next) {
            out.add(n.msg);
            n.msg = REMOVED;
        }
        head = tail = null;
        size = 0;
        return out;
    }

    /**
     * Any thread, approximate: messages waiting (received but not taken, plus in flight; a DOWN or
     * exit signal or a message through an alias in flight counts, as it usually becomes a message).
     */
    final int length() {
        int n = size;
        for (Node x = incoming; x != null && x != CLOSED; x = x.next) {
            if (!(x.msg instanceof Signal) || x.msg instanceof Signal.DownSignal || x.msg instanceof Signal.ExitSignal
                    || x.msg instanceof Signal.AliasMessage) n++;
        }
        return n;
    }

    /** Any thread: whether the queue is closed (the process has ended). */
    final boolean closed() {
        return incoming == CLOSED;
    }

    /** Owner, once, at exit: closes the queue and returns the signals still in it, in order. */
    final java.util.List<Signal> close() {
        Node h = (Node) INCOMING.getAndSet(this, CLOSED);
        head = tail = null;
        size = 0;
        java.util.ArrayList<Signal> signals = null;
        for (Node x = h; x != null; x = x.next) {
            if (x.msg instanceof Signal s) {
                if (signals == null) signals = new java.util.ArrayList<>();
                signals.add(s);
            }
        }
        if (signals == null) return java.util.List.of();
        java.util.Collections.reverse(signals);
        return signals;
    }
}
