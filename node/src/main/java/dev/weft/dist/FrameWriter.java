package dev.weft.dist;

import com.google.protobuf.ByteString;
import dev.weft.process.Inbound;
import dev.weft.wire.Batch;
import dev.weft.wire.Fragment;
import dev.weft.wire.Frame;
import dev.weft.wire.Signal;
import io.grpc.stub.CallStreamObserver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The outbound side of a connection: signals are queued by any thread and written by whoever polls
 * the node's {@link NetworkLoop} next (usually the sender's own scheduler, once the sender is off it),
 * which drains everything queued into as few frames as fit while gRPC says the stream is ready
 * ({@code isReady}); when it is not, the stream's {@code onReady} callback drains later. A sending
 * process pays a queue insert; it does not serialize the frame and wait on gRPC itself (a process
 * that killed another and then sent a message held its carrier for tens of microseconds, and the
 * killed process waited behind it). Signals larger than two {@link #FRAGMENT}s are cut into
 * fragments of that size, sent back to back (a 64 KB message goes whole: cutting it would cost a copy
 * and gain nothing). Past {@link #LIMIT} queued bytes,
 * {@link #awaitRoom} parks a sender until the queue drains below half of it, as the BEAM suspends a
 * process sending to a busy distribution port.
 *
 * <p>Thread-safety: {@link #enqueue}, {@link #awaitRoom}, {@link #hasRoom} and {@link #close} from any
 * thread; the stream is written by one thread at a time.
 */
final class FrameWriter {
    static final int FRAGMENT = 64 * 1024;
    static final int MAX_FRAME = 256 * 1024;
    static final long LIMIT = 4L << 20;
    static final int MAX_MESSAGE = 64 << 20;
    /** Queued bytes past which a sending process has the queue written at once instead of deferring it. */
    static final int EAGER = 64 * 1024;
    /**
     * Queued bytes past which a scheduler is woken to write them ({@link NetworkLoop#help}) instead of
     * waiting for the sender's own to poll the network once the sender is off it: a process sending
     * many messages in a row runs long, and its frames should leave while it does.
     */
    static final int HELP = 4 * 1024;

    private final CallStreamObserver<Frame> out;
    /** The network loop: where {@link #drain} runs. */
    private final Executor network;
    /** Wakes a scheduler to poll the network ({@link NetworkLoop#help}). */
    private final Runnable help;
    /** A drain is queued on the network loop. */
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private final Runnable queuedDrain = () -> {
        drainQueued.set(false);
        drain();
    };
    /** A drain waits for the sending process's scheduler ({@link #drainSoon}). */
    private final AtomicBoolean drainDeferred = new AtomicBoolean();
    private final Runnable deferredDrain = () -> {
        drainDeferred.set(false);
        queueDrain();
    };
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Thread> parked = new ConcurrentLinkedQueue<>();
    private Iterator<Signal> fragments;
    private volatile boolean closed;
    private volatile boolean holding;
    volatile long lastWrite = System.nanoTime();

    FrameWriter(CallStreamObserver<Frame> out, Executor network, Runnable help) {
        this.out = out;
        this.network = network;
        this.help = help;
    }

    /** Queues {@code s} (whatever the buffer holds) to be written from the network loop. */
    void enqueue(Signal s) {
        int size = s.getSerializedSize();
        if (size > MAX_MESSAGE) {
            throw new IllegalArgumentException("a signal of " + size + " bytes is over the " + MAX_MESSAGE + "-byte maximum message size");
        }
        queue.add(size > 2 * FRAGMENT ? fragment(s) : s);
        long before = queuedBytes.getAndAdd(size);
        if (!holding) drainSoon();
        if (before < HELP && before + size >= HELP) help.run();
    }

    /**
     * Has the network loop drain the queue, unless it is about to: right away, except from a
     * process that woke another to run next on its scheduler (and under {@link #EAGER} bytes queued):
     * then once that scheduler is between processes ({@link Inbound#defer}), so what the two send (a
     * kill order's ack and the killed process's exit) leaves in one frame.
     */
    private void drainSoon() {
        if (queuedBytes.get() < EAGER && !drainQueued.get()) {
            if (drainDeferred.get()) return;
            if (drainDeferred.compareAndSet(false, true)) {
                if (Inbound.defer(deferredDrain)) return;
                drainDeferred.set(false);
            }
        }
        queueDrain();
    }

    private void queueDrain() {
        if (!drainQueued.get() && drainQueued.compareAndSet(false, true)) network.execute(queuedDrain);
    }

    /**
     * Network loop: runs {@code work} (the handling of one inbound frame) with writes held back, then
     * writes what it queued together: the replies to a batch go out as one frame, not one frame each.
     */
    void batched(Runnable work) {
        holding = true;
        try {
            work.run();
        } finally {
            holding = false;
            drain();
        }
    }

    /** Whether the outbound buffer is under its limit. */
    boolean hasRoom() {
        return queuedBytes.get() <= LIMIT;
    }

    /** Parks the calling thread while the buffer is over its limit, until it drains below half. */
    void awaitRoom() {
        if (hasRoom()) return;
        Thread me = Thread.currentThread();
        parked.add(me);
        while (queuedBytes.get() > LIMIT / 2 && !closed) {
            drainSoon();
            LockSupport.park(this);
        }
        parked.remove(me);
    }

    private static List<Signal> fragment(Signal s) {
        ByteString bytes = s.toByteString();
        List<Signal> pieces = new ArrayList<>(bytes.size() / FRAGMENT + 1);
        for (int at = 0; at < bytes.size(); at += FRAGMENT) {
            int end = Math.min(bytes.size(), at + FRAGMENT);
            pieces.add(Signal.newBuilder().setFragment(Fragment.newBuilder()
                    .setChunk(bytes.substring(at, end)).setLast(end == bytes.size())).build());
        }
        return pieces;
    }

    /** Network loop (gRPC's onReady, and queued by senders): writes queued signals while the stream is ready. */
    @SuppressWarnings("unchecked")
    void drain() {
        while (!closed && (fragments != null || !queue.isEmpty()) && writing.compareAndSet(false, true)) {
            try {
                while (!closed && out.isReady()) {
                    Batch.Builder batch = Batch.newBuilder();
                    int bytes = 0;
                    while (bytes < MAX_FRAME) {
                        if (fragments == null) {
                            Object next = queue.poll();
                            if (next == null) break;
                            if (next instanceof Signal s) {
                                batch.addSignals(s);
                                bytes += s.getSerializedSize();
                                continue;
                            }
                            fragments = ((List<Signal>) next).iterator();
                        }
                        Signal piece = fragments.next();
                        if (!fragments.hasNext()) fragments = null;
                        batch.addSignals(piece);
                        bytes += piece.getFragment().getChunk().size();
                    }
                    if (batch.getSignalsCount() == 0) break;
                    out.onNext(Frame.newBuilder().setBatch(batch).build());
                    lastWrite = System.nanoTime();
                    if (queuedBytes.addAndGet(-bytes) <= LIMIT / 2) wakeParked();
                }
            } finally {
                writing.set(false);
            }
            if (!out.isReady()) return;
        }
    }

    private void wakeParked() {
        for (Thread t : parked) LockSupport.unpark(t);
    }

    /** Stops writing and releases parked senders; what is still queued is dropped. */
    void close() {
        closed = true;
        queue.clear();
        wakeParked();
    }
}
