package dev.weft.otp;

import dev.weft.process.Kernel;
import dev.weft.process.Matcher;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The timeouts of calls ({@code GenServer.call}, {@code Task.await}): a receive that waits without
 * a timed park. A timed park of a virtual thread schedules and cancels a JDK timer task, and often
 * wakes the timer thread, on every call; here the caller waits untimed and one daemon thread sends it
 * an {@link Expired} message when its deadline passes. A call that is answered costs a map put and
 * remove. The thread sleeps until the earliest deadline it knows of, and is woken only when a call
 * with an earlier one begins.
 */
final class CallTimer {
    /** The message a caller gets when its deadline passes. */
    record Expired(Ref ref) {}

    private record Waiting(Pid pid, long deadline) {}

    private static final ConcurrentHashMap<Ref, Waiting> WAITING = new ConcurrentHashMap<>();
    /** When the thread will next look (nanoTime); a call due before that wakes it. */
    private static final AtomicLong NEXT_LOOK = new AtomicLong(Long.MAX_VALUE);
    private static final Object EXPIRED = new Object();
    private static final Thread THREAD = Thread.ofPlatform().daemon().name("weft-call-timer").start(CallTimer::run);

    private CallTimer() {}

    /**
     * {@code Kernel.receive(ref, matcher, timeout, ...)} (only messages newer than {@code ref}),
     * returning null when {@code timeout} passes. {@code ref} must be fresh for this caller.
     */
    static Object receive(Ref ref, Matcher matcher, Duration timeout) {
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException forever) {
            return Kernel.receive(ref, matcher, null, () -> null);
        }
        if (nanos <= 0) return Kernel.receive(ref, matcher, Duration.ZERO, () -> null);
        long deadline = System.nanoTime() + nanos;
        WAITING.put(ref, new Waiting(Kernel.self(), deadline));
        for (long next = NEXT_LOOK.get(); deadline < next; next = NEXT_LOOK.get()) {
            if (NEXT_LOOK.compareAndSet(next, deadline)) {
                LockSupport.unpark(THREAD);
                break;
            }
        }
        Object r;
        try {
            r = Kernel.receive(ref, m -> m instanceof Expired e && e.ref().equals(ref) ? EXPIRED : matcher.match(m), null, () -> null);
        } catch (Throwable exiting) {
            WAITING.remove(ref);
            throw exiting;
        }
        if (r == EXPIRED) return null;
        if (WAITING.remove(ref) == null) {
            // the timer took the entry: its Expired is on the way; take it so it is not left behind
            Kernel.receive(ref, m -> m instanceof Expired e && e.ref().equals(ref) ? m : Kernel.NO_MATCH, null, () -> null);
        }
        return r;
    }

    private static void run() {
        for (;;) {
            NEXT_LOOK.set(Long.MAX_VALUE);        // while scanning, every new call wakes us again
            long now = System.nanoTime();
            long next = Long.MAX_VALUE;
            for (Iterator<Map.Entry<Ref, Waiting>> it = WAITING.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Ref, Waiting> e = it.next();
                Waiting w = e.getValue();
                if (w.deadline() - now <= 0) {
                    if (WAITING.remove(e.getKey(), w)) Kernel.send(w.pid(), new Expired(e.getKey()));
                } else {
                    next = Math.min(next, w.deadline());
                }
            }
            long wait = NEXT_LOOK.accumulateAndGet(next, Math::min) - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(CallTimer.class, wait);
        }
    }
}
