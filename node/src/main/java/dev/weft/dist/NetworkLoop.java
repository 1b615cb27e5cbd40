package dev.weft.dist;

import dev.weft.process.Inbound;
import dev.weft.process.Poller;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelFuture;
import io.grpc.netty.shaded.io.netty.channel.ChannelPromise;
import io.grpc.netty.shaded.io.netty.channel.DefaultChannelPromise;
import io.grpc.netty.shaded.io.netty.channel.IoEventLoop;
import io.grpc.netty.shaded.io.netty.channel.IoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.IoHandle;
import io.grpc.netty.shaded.io.netty.channel.IoHandler;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerFactory;
import io.grpc.netty.shaded.io.netty.channel.IoRegistration;
import io.grpc.netty.shaded.io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultPromise;
import io.grpc.netty.shaded.io.netty.util.concurrent.Future;
import io.grpc.netty.shaded.io.netty.util.concurrent.GlobalEventExecutor;
import io.grpc.netty.shaded.io.netty.util.concurrent.Promise;
import io.grpc.netty.shaded.io.netty.util.internal.ThreadExecutorMap;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The node's network event loop, driven by whichever thread holds it: a Netty {@link IoEventLoop}
 * (epoll where Netty has it) with no thread of its own. Netty's loops each own a thread, so every
 * frame a process sent woke that thread, and every frame that came in woke a scheduler from it: two
 * thread wake-ups per hop, each 10-20 us on a small VM. Here the node's schedulers poll it
 * ({@link Poller}, see {@code Scheduler}): after a process that sent (so the frame is written by the
 * scheduler that ran the sender), while looking for work, and one of them in place of parking (so
 * the process a frame wakes runs where the frame was read). Whoever polls holds the loop: Netty's
 * "in the event loop" means "the thread polling now", and one thread at a time does.
 *
 * <p>A backstop thread polls when no scheduler has for {@link #BACKSTOP_NANOS} (all of them running
 * long processes; it looks every {@link #COVERED_NANOS} while a scheduler waits on the loop), and is
 * the only driver when processes run on the JDK's scheduler; it also tears the loop down.
 *
 * <pre>{@code
 * NetworkLoop loop = new NetworkLoop(EpollIoHandler.newFactory());
 * NettyServerBuilder.forPort(0).bossEventLoopGroup(loop).workerEventLoopGroup(loop);
 * }</pre>
 */
final class NetworkLoop extends AbstractScheduledEventExecutor implements IoEventLoop, Poller {
    private static final System.Logger LOG = System.getLogger("dev.weft.dist");
    /** How long the loop may go unpolled before the backstop polls it. */
    private static final long BACKSTOP_NANOS = 5_000_000;
    /** How long the backstop naps while a scheduler waits on the loop (an idle node: few wake-ups). */
    private static final long COVERED_NANOS = 50_000_000;
    /** The longest a waiting poll of the backstop's blocks when it is the only driver. */
    private static final long IDLE_NANOS = 1_000_000_000;
    private static final long MILLISECOND = 1_000_000;

    private final IoHandler handler;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** The thread polling now, or null. */
    private final AtomicReference<Thread> driver = new AtomicReference<>();
    /** The driver waits in the IO handler (an {@link #execute} from elsewhere must wake it). */
    private volatile boolean waiting;
    /** A {@link #wakeup} not yet seen by a poll: the next poll does not wait. */
    private volatile boolean woken;
    private volatile long lastPoll = System.nanoTime();
    private volatile boolean stopping;
    private final Promise<Void> terminated = new DefaultPromise<>(GlobalEventExecutor.INSTANCE);
    private final Thread backstop;
    /** Whether the schedulers drive the loop ({@link Inbound#drive}); if not, the backstop does. */
    private final boolean driven;
    private final IoHandlerContext noWait = new Context(-1);
    /** Sees each accepted connection before it is registered ({@link #onAccept}), or null. */
    private volatile Consumer<Channel> onAccept;
    /** The handler's {@code initialize} ran (by the first driver; read and written by drivers only). */
    private boolean initialized;

    NetworkLoop(IoHandlerFactory factory) {
        this.handler = factory.newHandler(this);
        this.backstop = Thread.ofPlatform().name("weft-network").daemon().unstarted(this::backstop);
        this.driven = Inbound.drive(this);
        backstop.start();
    }

    // ---------------------------------------------------------------- Poller

    @Override
    public boolean poll(long waitNanos) {
        Thread me = Thread.currentThread();
        if (stopping || !driver.compareAndSet(null, me)) return false;
        IoHandlerContext context = waitNanos < 0 ? noWait : new Context(waitNanos);
        // A task queued while this thread let go, by one that saw it still holding, is run here.
        do {
            var previous = ThreadExecutorMap.setCurrentExecutor(this);
            try {
                runIo(context);
                runTasks();
            } finally {
                ThreadExecutorMap.setCurrentExecutor(previous);
                woken = false;
                lastPoll = System.nanoTime();
                driver.set(null);
            }
            context = noWait;
        } while (!tasks.isEmpty() && !stopping && driver.compareAndSet(null, me));
        return true;
    }

    private void runIo(IoHandlerContext context) {
        waiting = context != noWait;
        try {
            if (!initialized) {
                initialized = true;
                handler.initialize();
            }
            handler.run(context);
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.ERROR, "network loop failed", e);
        } finally {
            waiting = false;
        }
    }

    /** Runs queued tasks and due scheduled ones until none is left. */
    private void runTasks() {
        for (;;) {
            fetchFromScheduledTaskQueue(tasks);
            Runnable r = tasks.poll();
            if (r == null) return;
            do {
                safeExecute(r);
            } while ((r = tasks.poll()) != null);
        }
    }

    @Override
    public boolean pending() {
        return !tasks.isEmpty();
    }

    @Override
    public void wakeup() {
        woken = true;
        handler.wakeup();
    }

    /** Handler context of one poll: no waiting, or up to the given nanoseconds (less if a task is due). */
    private final class Context implements IoHandlerContext {
        private final long deadline;

        Context(long waitNanos) {
            this.deadline = waitNanos < 0 ? -1 : System.nanoTime() + waitNanos;
        }

        @Override
        public boolean canBlock() {
            return deadline != -1 && !woken && tasks.isEmpty() && !stopping;
        }

        /**
         * Rounded up to whole milliseconds, what epoll_wait counts in: Netty truncates a wait to
         * milliseconds, so a wait under one would be a poll, and a carrier parked on the network
         * would spin on it until its time was up.
         */
        @Override
        public long delayNanos(long currentTimeNanos) {
            long wait = Math.max(0, deadlineNanos() - currentTimeNanos);
            return Math.ceilDiv(wait, MILLISECOND) * MILLISECOND;
        }

        /**
         * In {@code System.nanoTime()}'s terms; Netty keeps its scheduled tasks' deadlines in its
         * ticker's (read as ours, any scheduled task looked overdue, and the carrier parked on the
         * network polled it 350,000 times a second: a core taken from the other node on a 2-core host,
         * remote ping-pong at 0.4 of the BEAM).
         */
        @Override
        public long deadlineNanos() {
            if (deadline == -1) return -1;
            long next = nextScheduledTaskDeadlineNanos();
            if (next == -1) return deadline;
            next += ticker().initialNanoTime();
            return next - deadline < 0 ? next : deadline;
        }
    }

    /** Polls when nobody has for a while; drives the loop alone when the schedulers do not; tears it down. */
    private void backstop() {
        while (!stopping) {
            if (!driven) {
                poll(IDLE_NANOS);
            } else {
                LockSupport.parkNanos(this, waiting ? COVERED_NANOS : BACKSTOP_NANOS);
                if (System.nanoTime() - lastPoll > BACKSTOP_NANOS) poll(-1);
            }
        }
        Inbound.stopDriving(this);
        // A scheduler still polling lets go soon: stopping keeps its poll from waiting, and this wakes it if it does.
        Thread me = Thread.currentThread();
        for (handler.wakeup(); !driver.compareAndSet(null, me); Thread.yield()) {
            if (waiting) handler.wakeup();
        }
        try {
            runTasks();
            handler.prepareToDestroy();
            runTasks();
            handler.destroy();
            runTasks();
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, "closing the network loop failed", e);
        } finally {
            terminated.setSuccess(null);
        }
    }

    // ---------------------------------------------------------------- EventExecutor

    @Override
    public boolean inEventLoop(Thread thread) {
        return driver.get() == thread;
    }

    @Override
    public void execute(Runnable task) {
        if (terminated.isDone()) throw new RejectedExecutionException("the network loop is closed");
        tasks.add(task);
        if (inEventLoop()) return;
        if (waiting || !driven) wakeup();
        else if (driver.get() == null) Inbound.ioQueued();
    }

    /** Work piles up for the loop: a parked scheduler is woken to poll it unless a thread does already. */
    void help() {
        if (driven && driver.get() == null) Inbound.ioWanted();
    }

    @Override
    public IoEventLoop next() {
        return this;
    }

    @Override
    public IoEventLoopGroup parent() {
        return null;
    }

    @Override
    public Future<IoRegistration> register(IoHandle handle) {
        Promise<IoRegistration> promise = newPromise();
        if (inEventLoop()) registerNow(handle, promise);
        else execute(() -> registerNow(handle, promise));
        return promise;
    }

    private void registerNow(IoHandle handle, Promise<IoRegistration> promise) {
        try {
            promise.setSuccess(handler.register(handle));
        } catch (Exception e) {
            promise.setFailure(e);
        }
    }

    @Override
    public ChannelFuture register(Channel channel) {
        return register(new DefaultChannelPromise(channel, this));
    }

    @Override
    public ChannelFuture register(ChannelPromise promise) {
        return registerChannel(promise.channel(), promise);
    }

    @Override
    @Deprecated
    public ChannelFuture register(Channel channel, ChannelPromise promise) {
        return registerChannel(channel, promise);
    }

    private ChannelFuture registerChannel(Channel channel, ChannelPromise promise) {
        Consumer<Channel> hook = onAccept;
        if (hook != null && channel.parent() != null) hook.accept(channel);
        channel.unsafe().register(this, promise);
        return promise;
    }

    /** Has {@code hook} see each connection a server on this loop accepts, before it is registered here. */
    void onAccept(Consumer<Channel> hook) {
        onAccept = hook;
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return handler.isCompatible(handleType);
    }

    @Override
    public boolean isIoType(Class<? extends IoHandler> handlerType) {
        return handler.getClass().equals(handlerType);
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
        stopping = true;
        LockSupport.unpark(backstop);
        wakeup();
        return terminated;
    }

    @Override
    @Deprecated
    public void shutdown() {
        shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Override
    public Future<?> terminationFuture() {
        return terminated;
    }

    @Override
    public boolean isShuttingDown() {
        return stopping;
    }

    @Override
    public boolean isShutdown() {
        return stopping;
    }

    @Override
    public boolean isTerminated() {
        return terminated.isDone();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }
}
