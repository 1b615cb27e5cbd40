package dev.weft.process;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The node's timers: {@code receive ... after} deadlines and {@link Kernel#sendAfter} messages. One
 * daemon thread runs each timer's action when its deadline passes. Starting and cancelling a timer
 * is a lock-free insert into and removal from a sorted set; the thread sleeps until the earliest
 * deadline it saw, or for {@link #MAX_SLEEP_NANOS} at most, and a new timer wakes it only when it is
 * due before that: a call's 5 s timeout, started and cancelled with nothing else pending, wakes
 * nobody. (A timed park of a
 * virtual thread would instead schedule and cancel a JDK timer task, and wake the JDK's timer
 * thread, on nearly every receive that waits: a call answered in microseconds paid for a 5 s timer.)
 */
final class Timers {
    /** A started timer; {@link #cancel} it if it is no longer wanted. */
    static final class Timer implements Comparable<Timer> {
        final long deadline;
        private final long seq;
        private final Runnable action;

        private Timer(long deadline, long seq, Runnable action) {
            this.deadline = deadline;
            this.seq = seq;
            this.action = action;
        }

        @Override
        public int compareTo(Timer o) {
            long d = deadline - o.deadline;
            return d != 0 ? (d < 0 ? -1 : 1) : Long.compare(seq, o.seq);
        }
    }

    /** Timers further out than this (about 146 years) never fire: they are a wait without end. */
    static final long FOREVER = Long.MAX_VALUE / 2;

    /** The longest the thread sleeps, so that a timer due later than that need not wake it. */
    private static final long MAX_SLEEP_NANOS = 1_000_000_000L;

    private static final System.Logger LOG = System.getLogger("dev.weft.process");
    /** The started timers, earliest first (the values are unused). */
    private static final ConcurrentSkipListMap<Timer, Boolean> PENDING = new ConcurrentSkipListMap<>();
    private static final AtomicLong SEQ = new AtomicLong();
    /** The deadline the thread sleeps until; {@link #asleep} false while it looks at the timers. */
    private static volatile long wakeAt;
    private static volatile boolean asleep;
    private static final Thread THREAD = Thread.ofPlatform().daemon().name("weft-timers").start(Timers::run);

    private Timers() {}

    /**
     * Runs {@code action} on the timer thread at {@code deadline} (a {@link System#nanoTime} value)
     * unless cancelled first. The action must be quick and must not block.
     */
    static Timer start(long deadline, Runnable action) {
        return start(timer(deadline, action));
    }

    /** A timer not started yet (so that whoever cancels it can know it before it can fire). */
    static Timer timer(long deadline, Runnable action) {
        return new Timer(deadline, SEQ.getAndIncrement(), action);
    }

    static Timer start(Timer t) {
        long deadline = t.deadline;
        PENDING.put(t, Boolean.TRUE);
        if (asleep && deadline - wakeAt < 0) LockSupport.unpark(THREAD);
        return t;
    }

    /** Cancels {@code t}; false if it already ran or was cancelled. */
    static boolean cancel(Timer t) {
        return PENDING.remove(t) != null;
    }

    private static void run() {
        for (;;) {
            asleep = false;
            long now = System.nanoTime();
            Timer first;
            while ((first = first()) != null && first.deadline - now <= 0) {
                if (PENDING.remove(first) != null) fire(first);
            }
            long until = now + MAX_SLEEP_NANOS;
            wakeAt = first != null && first.deadline - until < 0 ? first.deadline : until;
            asleep = true;
            // a timer started while we looked saw us awake and did not wake us: look again
            Timer earliest = first();
            if (earliest != null && earliest.deadline - wakeAt < 0) continue;
            LockSupport.parkNanos(Timers.class, wakeAt - System.nanoTime());
        }
    }

    private static Timer first() {
        Map.Entry<Timer, Boolean> e = PENDING.firstEntry();
        return e == null ? null : e.getKey();
    }

    private static void fire(Timer t) {
        try {
            t.action.run();
        } catch (Throwable e) {   // the thread serves every timer of the node: it must not end
            LOG.log(System.Logger.Level.ERROR, "a timer's action failed", e);
        }
    }
}
