package dev.weft.process;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The node's process schedulers: one carrier thread per core running process (virtual) threads,
 * like the BEAM's schedulers. What it does that the JDK's default virtual-thread scheduler does
 * not: a process woken by a process runs next on the waker's carrier (a "run next" slot, as Go's
 * scheduler has), so two talking processes hand over on one thread without waking another one.
 * The JDK's scheduler signals an idle carrier on every wake-up, a futex wake that costs more than
 * the message (measured: ring 1.0 -> 3.6-4.5 M hops/s, local ping-pong 2.3 -> 2.9-3.4 M/s). A new
 * process, or one bumped from run-next, goes to the carrier's run queue and wakes an idle carrier.
 * Idle carriers spin a moment, steal queued work, and take a woken process from a carrier that has
 * been running the same process for a while (it would wait otherwise); parked, they look again
 * every millisecond while any carrier runs, and less often (up to 64 ms) while all are idle. A
 * process that wakes many others in one run yields to them ({@link #yieldIfDue}), as the BEAM
 * schedules out a process whose reductions are used up.
 *
 * <p>The carriers also drive the node's network ({@link Poller}), as the BEAM's schedulers do their
 * ports: a carrier polls it after a process that queued a frame (so the frame leaves from the thread
 * that ran the sender), between yields while it looks for work, and the last carrier to park waits on
 * it rather than on its own permit (so the process a frame wakes runs on the carrier that read the
 * frame). Each used to cost a thread wake-up: remote link exit 45-60 -> 13-24 us one-way. Only the
 * last: a carrier waiting on the network while another is awake was woken by the kernel for each
 * frame the awake one would have read (on this 2-core host, two nodes' remote spawns one at a time
 * 5-10 k/s -> 9-39 k/s, ping-pong 13-36 k -> 28-44 k round trips/s); the others look again every
 * millisecond, so a frame that comes while every awake carrier runs a long process waits up to that.
 *
 * <p>It plugs into {@code java.lang.ThreadBuilders.VirtualThreadBuilder(Executor)}, which the JDK
 * keeps for its tests; reaching it needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}, which
 * {@code scripts/weft} and the jar's manifest pass. Without it (or with {@code -Dweft.scheduler=jdk})
 * processes run on the JDK's default scheduler: slower hand-offs, same behaviour.
 *
 * <p>Differs from the JDK's pool: a carrier blocked in a system call (a file read) is not
 * compensated by a spare thread; the node's own io devices only block briefly, on files.
 */
final class Scheduler implements Executor {
    private static final System.Logger LOG = System.getLogger("dev.weft.process");
    /** Idle polls (looking at other carriers every 64th) before a carrier yields, then parks. */
    private static final int SPINS = Integer.getInteger("weft.schedulerSpins", 64);
    /**
     * Then, for this long, it polls between {@code Thread.yield()}s before parking, as the BEAM's
     * schedulers busy-wait: a carrier about to get work back (a reply from another node) is awake
     * for it, and a parked vCPU is slow to wake (remote ping-pong 100 -> 70 us), while the yields
     * leave the cores to threads that have work (the other node on this host, a file device's writer).
     */
    private static final long YIELD_NANOS = Long.getLong("weft.schedulerYieldNanos", 100_000);
    /**
     * A parked carrier looks again after this long, doubling up to {@link #WATCH_MAX_NANOS} while it
     * finds nothing: a process woken into a busy carrier's run-next slot (and a deferred flush) wakes
     * nobody, so a long-running waker would otherwise keep it waiting.
     */
    private static final long WATCH_NANOS = 1_000_000;
    private static final long WATCH_MAX_NANOS = 64_000_000;
    /** Processes a carrier runs, at most, between a {@link #defer} and running the flush. */
    private static final int DEFER_TASKS = 4;
    /** A busy carrier polls the network once in this many processes it runs (a power of two). */
    private static final int POLL_EVERY = 256;
    /** Hand-offs through the run-next slot in a row before the carrier's queue gets a turn. */
    private static final int NEXT_STREAK = 64;
    /**
     * Processes one process may wake in one run before {@link #yieldIfDue} has it yield: past the
     * first, each woken process waits in the carrier's queue, behind the one that keeps waking more.
     */
    private static final int WAKES_PER_RUN = 64;
    private static final VarHandle NEXT;
    private static final VarHandle HEAD;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Runnable[].class);
    /** Slots in a carrier's run queue (a power of two). */
    private static final int QUEUE = 256;
    /** {@code Thread.currentCarrierThread()}; null if {@code java.lang} is not open to us. */
    private static final MethodHandle CURRENT_CARRIER;
    /** {@code new ThreadBuilders.VirtualThreadBuilder(Executor)}; null if not open to us. */
    private static final MethodHandle BUILDER;
    /** The node's schedulers; null without {@link #BUILDER}. */
    private static final Scheduler INSTANCE;
    /** How long a carrier that found another thread polling the network briefly parks ({@link Carrier#park}). */
    private static final long TRANSIENT_NANOS = 50_000;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            NEXT = l.findVarHandle(Carrier.class, "next", Runnable.class);
            HEAD = l.findVarHandle(Carrier.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        MethodHandle carrier = null;
        MethodHandle builder = null;
        if (!"jdk".equals(System.getProperty("weft.scheduler"))
                && Thread.class.getModule().isOpen("java.lang", Scheduler.class.getModule())) {
            try {
                carrier = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                        .findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
                Class<?> b = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
                builder = MethodHandles.privateLookupIn(b, MethodHandles.lookup())
                        .findConstructor(b, MethodType.methodType(void.class, Executor.class));
            } catch (ReflectiveOperationException e) {
                LOG.log(System.Logger.Level.WARNING, "Weft's scheduler is unavailable, processes use the JDK's: " + e);
                carrier = builder = null;
            }
        }
        CURRENT_CARRIER = carrier;
        BUILDER = builder;
        INSTANCE = builder == null ? null : new Scheduler(carriers());
    }

    private final Carrier[] carriers;
    /** Work from threads that are not carriers: timers, the network, main threads. */
    private final ConcurrentLinkedQueue<Runnable> global = new ConcurrentLinkedQueue<>();
    /** Bit i set: carrier i is parked. */
    private final AtomicLong parked = new AtomicLong();
    /** Carriers looking for work; while there is one, nobody needs waking. */
    private final AtomicInteger searching = new AtomicInteger();
    private final long everyone;
    /** The IO the carriers drive ({@link Poller}); null while there is none. */
    private volatile Poller io;

    private Scheduler(int n) {
        everyone = n == 64 ? -1L : (1L << n) - 1;
        carriers = new Carrier[n];
        for (int i = 0; i < n; i++) carriers[i] = new Carrier(i);
        searching.set(n);
        for (Carrier c : carriers) c.start();
    }

    /** How many carrier threads run processes. */
    static int carriers() {
        String property = BUILDER == null ? "jdk.virtualThreadScheduler.parallelism" : "weft.schedulers";
        return Math.clamp(Integer.getInteger(property, Runtime.getRuntime().availableProcessors()), 1, 64);
    }

    /**
     * The factory for process threads: virtual threads on the node's schedulers, or on the JDK's
     * default scheduler if {@code java.lang} is not open to Weft or {@code weft.scheduler=jdk}.
     */
    static ThreadFactory threads() {
        ThreadFactory threads;
        if (BUILDER == null) {
            LOG.log(System.Logger.Level.DEBUG, "processes use the JDK's scheduler (Weft's needs"
                    + " --add-opens java.base/java.lang=ALL-UNNAMED, and not -Dweft.scheduler=jdk)");
            threads = Thread.ofVirtual().factory();
        } else {
            try {
                threads = ((Thread.Builder.OfVirtual) BUILDER.invoke((Executor) INSTANCE)).factory();
            } catch (Throwable e) {
                throw new IllegalStateException("cannot make a virtual-thread builder on Weft's scheduler", e);
            }
        }
        runToEnd(threads.newThread(() -> { }));
        return threads;
    }

    /**
     * Runs one thread to its end before any process starts, so the JDK has loaded what the end of a
     * virtual thread needs before the JIT compiles {@code VirtualThread.run}; else the compiled code
     * traps there, and every process parked in it deoptimizes when it ends (a million kills: 6-9 s
     * -> 0.6-0.9 s, the BEAM's 0.85-0.9 s).
     */
    private static void runToEnd(Thread t) {
        t.start();
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * Called by the JDK to run (or go on running) a virtual thread. From a process on one of our
     * carriers (a wake-up, a spawn): the run-next slot, bumping what was there to the queue. From
     * a carrier itself (a yield, a park that raced with a wake-up): the back of its queue. From any
     * other thread: the shared queue.
     */
    @Override
    public void execute(Runnable task) {
        Thread t = Thread.currentThread();
        if (t.isVirtual()) {
            if (current() instanceof Carrier c) {
                if (c.starting) {
                    c.push(task);
                    wakeOne();
                    return;
                }
                Runnable bumped = (Runnable) NEXT.getAndSet(c, task);
                if (bumped != null) {
                    c.push(bumped);
                    wakeOne();
                    if (c.bumpsRun != c.runs) {
                        c.bumpsRun = c.runs;
                        c.bumps = 0;
                    }
                    c.bumps++;
                }
                return;
            }
        } else if (t instanceof Carrier c) {
            c.push(task);
            // A carrier reading the network runs what it wakes itself; a second one needs help.
            if (!c.polling || c.tail - c.head > 1) wakeOne();
            return;
        }
        global.offer(task);
        wakeOne();
    }

    /**
     * Starts a process thread. A new process goes behind the spawner's queued work rather than in
     * its run-next slot, as the BEAM queues it: the spawner goes on running, often spawning more.
     */
    static void start(Thread thread) {
        if (current() instanceof Carrier c) {
            c.starting = true;
            try {
                thread.start();
            } finally {
                c.starting = false;
            }
        } else {
            thread.start();
        }
    }

    /**
     * Has the carriers drive {@code p}: false (and nothing changes) without Weft's scheduler. One
     * poller at a time: a new one replaces the old.
     */
    static boolean drive(Poller p) {
        if (INSTANCE == null) return false;
        INSTANCE.io = p;
        return true;
    }

    static void stopDriving(Poller p) {
        if (INSTANCE != null && INSTANCE.io == p) INSTANCE.io = null;
    }

    /**
     * Work was queued for the poller while no thread polled it: from a process or carrier, nothing
     * (its carrier polls after the process), from another thread, a parked carrier is woken to poll.
     */
    static void ioQueued() {
        if (INSTANCE != null && !(current() instanceof Carrier)) INSTANCE.wakeOne();
    }

    /** Work piles up for the poller: a parked carrier is woken to poll it, unless one is searching. */
    static void ioWanted() {
        if (INSTANCE != null) INSTANCE.wakeOne();
    }

    /**
     * Yields the calling process's carrier if the process has woken more than {@link #WAKES_PER_RUN}
     * processes since it last started running, as the BEAM schedules out a process that has used up
     * its reductions (a send or an exit signal costs some): a process that kills or messages many
     * waiting processes in a loop goes behind them in the run queue. Without it they wait for an idle
     * carrier to steal them, and while every other carrier is busy they wait until the waker blocks.
     * Costs nothing measurable where processes wake one another one at a time (ring, ping-pong, fan-in).
     */
    static void yieldIfDue() {
        if (current() instanceof Carrier c && c.bumps >= WAKES_PER_RUN && c.bumpsRun == c.runs && Thread.currentThread().isVirtual()) {
            c.bumps = 0;
            Thread.yield();
        }
    }

    /** Whether the caller is a process whose carrier has a woken process waiting to run next. */
    static boolean handOffPending() {
        return current() instanceof Carrier c && c.next != null;
    }

    /**
     * If the calling process woke a process that waits to run next on its carrier: runs
     * {@code flush} once the carrier is between processes with no hand-off pending (or after
     * {@link #DEFER_TASKS} processes), as the BEAM writes a distribution port's queue when a
     * scheduler runs the port, not inside the sending process. What the two send goes out together
     * (a kill order's ack and the killed process's exit), and a carrier waiting on the network is not woken, to
     * take the core, while they run. A carrier that keeps running one process has its flushes run by
     * an idle carrier, as its run-next process is. False, and nothing is kept, otherwise: flush now.
     */
    static boolean defer(Runnable flush) {
        if (!(current() instanceof Carrier c) || c.next == null) return false;
        c.deferred.add(flush);
        return true;
    }

    /** The carrier under the calling thread (the thread itself if it is a platform thread); null without our scheduler. */
    private static Thread current() {
        if (CURRENT_CARRIER == null) return null;
        try {
            return (Thread) CURRENT_CARRIER.invokeExact();
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Unparks a parked carrier unless one is already searching (it will find the work); the one
     * waiting on the network first, so that its processes' sends find the network free to write.
     */
    private void wakeOne() {
        if (searching.get() > 0) return;
        for (long m = parked.get(); m != 0; m = parked.get()) {
            int i = Long.numberOfTrailingZeros(m);
            for (Carrier c : carriers) {
                if (c.inIo && (m & (1L << c.index)) != 0) i = c.index;
            }
            if (parked.compareAndSet(m, m & ~(1L << i))) {
                searching.incrementAndGet();
                Carrier c = carriers[i];
                LockSupport.unpark(c);
                Poller p = io;
                if (c.inIo && p != null) p.wakeup();
                return;
            }
        }
    }

    private void setParked(int i) {
        long m;
        do {
            m = parked.get();
        } while (!parked.compareAndSet(m, m | (1L << i)));
    }

    /** Clears carrier i's parked bit; false if a waker cleared it first (and counted it searching). */
    private boolean clearParked(int i) {
        for (long m = parked.get(); (m & (1L << i)) != 0; m = parked.get()) {
            if (parked.compareAndSet(m, m & ~(1L << i))) return true;
        }
        return false;
    }

    private final class Carrier extends Thread {
        private final int index;
        /** The process to run next: the last one a process here woke. Others may steal it. */
        private volatile Runnable next;
        /**
         * The run queue: a ring only this carrier adds to (its processes and itself), that any
         * carrier takes from; full, it spills to the shared queue (the shape of Go's run queue).
         * Taken slots are not cleared (a taker cannot know the slot was not refilled): at most
         * {@link #QUEUE} finished tasks stay reachable until overwritten.
         */
        private final Runnable[] queue = new Runnable[QUEUE];
        private volatile long head;
        private volatile long tail;
        /** Counts tasks run: a thief that sees it unchanged knows the current one runs long. */
        private volatile long runs;
        private int streak;
        /** {@link #steal}'s view of the other carriers' {@code runs}, kept between searches (no allocation). */
        private final long[] seen = new long[carriers.length];
        /** Processes the task now running has woken past the first, and that task's {@link #runs} ({@link #yieldIfDue}). */
        private int bumps;
        private long bumpsRun = -1;
        /** Set while a process on this carrier starts another ({@link #start}). */
        private boolean starting;
        /** Flushes its processes {@link #defer}red; other carriers take them when it runs one process long. */
        final ConcurrentLinkedQueue<Runnable> deferred = new ConcurrentLinkedQueue<>();
        /** Processes run since the oldest of {@link #deferred} was added. */
        private int deferredFor;
        /** How long it last parked with every carrier parked ({@link #WATCH_NANOS}). */
        private long watch = WATCH_NANOS / 2;
        /** Polling the network: what it wakes goes to its own queue and it runs it next. */
        private boolean polling;
        /** Parked in a waiting poll of the network: a waker must wake the poller. */
        private volatile boolean inIo;

        Carrier(int index) {
            super("weft-scheduler-" + (index + 1));
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run() {
            for (;;) {
                Runnable task = take();
                if (task == null) task = search();
                runs++;
                try {
                    task.run();
                } catch (Throwable e) {
                    LOG.log(System.Logger.Level.ERROR, "scheduler task failed", e);
                }
                Poller p = io;
                boolean ioPending = p != null && p.pending();
                if ((ioPending || !deferred.isEmpty()) && (next == null || ++deferredFor >= DEFER_TASKS)) {
                    flushDeferred(this);
                    if (p != null) poll(p, -1);
                } else if (p != null && (runs & (POLL_EVERY - 1)) == 0) {
                    poll(p, -1);   // busy carriers read the network too, as the BEAM's check IO between reductions
                }
            }
        }

        /** Polls the network (if no other thread is): {@link Poller#poll}. */
        private boolean poll(Poller p, long waitNanos) {
            polling = true;
            try {
                return p.poll(waitNanos);
            } finally {
                polling = false;
            }
        }

        /** Runs {@code c}'s deferred flushes (from {@code c} itself, or a carrier taking them over). */
        private void flushDeferred(Carrier c) {
            if (c == this) deferredFor = 0;
            for (Runnable r; (r = c.deferred.poll()) != null; ) {
                try {
                    r.run();
                } catch (Throwable e) {
                    LOG.log(System.Logger.Level.ERROR, "deferred flush failed", e);
                }
            }
        }

        /** Own work: run-next (a bounded streak of it), then the queue, then the shared queue. */
        private Runnable take() {
            Runnable r;
            if ((runs & 63) == 0 && (r = global.poll()) != null) return r;
            if (streak < NEXT_STREAK && (r = takeNext()) != null) {
                streak++;
                return r;
            }
            streak = 0;
            if ((r = poll()) != null) return r;
            if ((r = takeNext()) != null) return r;
            return global.poll();
        }

        private Runnable takeNext() {
            return next == null ? null : (Runnable) NEXT.getAndSet(this, null);
        }

        /** No own work: spin looking for some, then park until woken; wakes a peer when it finds some. */
        private Runnable search() {
            boolean spin = true;
            for (;;) {
                if (spin) {
                    Runnable r = spin();
                    if (r != null) return found(r);
                }
                spin = true;
                setParked(index);
                searching.decrementAndGet();
                // Look again after saying so: work queued before a waker saw no searcher is found here.
                // A run-next elsewhere is not stolen yet, but keeps this carrier searching.
                Runnable r = take();
                if (r == null) r = steal(true);
                if (r != null || anyNext()) {
                    if (clearParked(index)) searching.incrementAndGet();
                    if (r != null) return found(r);
                    continue;
                }
                park(parked.get() == everyone ? watch = Math.min(watch * 2, WATCH_MAX_NANOS) : WATCH_NANOS);
                if (clearParked(index)) searching.incrementAndGet();   // not woken by wakeOne: spurious, the watch, or IO
                if ((r = take()) != null || (r = steal(false)) != null) return found(r);
                // The network, once, unless a carrier waits on it: the carrier watching it while it spins
                // may have lost its core to another thread (a JIT compiler, the other node), and a frame
                // would wait for the backstop (seen: a remote spawn request 6 ms).
                Poller p = io;
                if (p != null && !anyInIo() && poll(p, -1) && ((r = take()) != null || (r = steal(false)) != null)) return found(r);
                // Woken for nothing (a network event that woke no process, the watch): parks again at once
                // rather than spinning, which would take a core from the threads that have work.
                spin = false;
            }
        }

        /** Spins, then polls between yields, for a while: work that comes soon is taken without a wake-up. */
        private Runnable spin() {
            Arrays.fill(seen, -1);
            for (int spin = 0; spin < SPINS; spin++) {
                Runnable r = take();
                if (r == null && (spin & 63) == 0) r = steal((spin & 1023) == 0);
                if (r != null) return r;
                Thread.onSpinWait();
            }
            Runnable r = null;
            for (long until = System.nanoTime() + YIELD_NANOS; r == null && System.nanoTime() < until; ) {
                Thread.yield();
                Poller p = io;
                if (p != null) poll(p, -1);
                if ((r = take()) == null) r = steal(false);
            }
            return r;
        }

        /**
         * Parks for up to {@code nanos}: waiting on the network if every other carrier is parked and
         * none waits on it (a frame then wakes this carrier, which runs the process it is for), else plainly.
         */
        private void park(long nanos) {
            Poller p = io;
            if (p == null || anyInIo() || (parked.get() | (1L << index)) != everyone) {
                LockSupport.parkNanos(this, nanos);
                return;
            }
            inIo = true;
            try {
                // After saying so, as wakeOne clears the bit before it looks: one of the two sees the other.
                if ((parked.get() & (1L << index)) == 0) return;
                if (!poll(p, nanos)) LockSupport.parkNanos(this, TRANSIENT_NANOS);   // a short poll elsewhere
            } finally {
                inIo = false;
            }
        }

        private boolean anyInIo() {
            for (Carrier c : carriers) {
                if (c.inIo) return true;
            }
            return false;
        }

        private boolean anyNext() {
            for (Carrier c : carriers) {
                if (c.next != null || !c.deferred.isEmpty()) return true;
            }
            return false;
        }

        /** Leaves the search with {@code r}; the last searcher to leave wakes another if more work waits. */
        private Runnable found(Runnable r) {
            watch = WATCH_NANOS / 2;
            if (searching.decrementAndGet() == 0 && (head < tail || next != null || !global.isEmpty())) wakeOne();
            return r;
        }

        /**
         * Another carrier's queued work; or (if {@code next}) its run-next, once that carrier has
         * been running the same task since this one last looked ({@link #seen}, per carrier). Looks
         * at run-next slots only every ~1000 spins: a process that sends and works on for a few
         * microseconds would otherwise lose its partner to another carrier's cold cache.
         */
        private Runnable steal(boolean next) {
            for (Carrier c : carriers) {
                if (c == this) continue;
                Runnable r = c.poll();
                if (r != null) return r;
                if (!next) continue;
                r = c.next;
                long runs = c.runs;
                boolean held = r != null || !c.deferred.isEmpty();
                if (held && seen[c.index] == runs) {
                    if (!c.deferred.isEmpty()) flushDeferred(c);
                    if (r != null && NEXT.compareAndSet(c, r, null)) return r;
                } else {
                    seen[c.index] = held ? runs : -1;
                }
            }
            return null;
        }

        /** This carrier only: queues a task, or spills it to the shared queue if the ring is full. */
        void push(Runnable task) {
            long t = tail;
            if (t - head >= QUEUE) {
                global.offer(task);
                return;
            }
            SLOT.setRelease(queue, (int) t & (QUEUE - 1), task);
            tail = t + 1;
        }

        /** Any carrier: the oldest queued task, or null. */
        Runnable poll() {
            for (;;) {
                long h = head;
                if (h >= tail) return null;
                Runnable r = (Runnable) SLOT.getAcquire(queue, (int) h & (QUEUE - 1));
                if (HEAD.compareAndSet(this, h, h + 1)) return r;
            }
        }
    }
}
