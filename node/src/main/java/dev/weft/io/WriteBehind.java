package dev.weft.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Writes a file's full buffers out, in order, on a platform thread (as the BEAM writes files on its
 * dirty io schedulers), so the file's server goes on filling the next buffer while the kernel copies
 * the last ones. There are up to three buffers: the server fills one while the others are written, in
 * turn, so the thread goes straight on from one to the next while the server waits to get one back.
 * (With two, the thread often ran dry while a waiting server was being woken.) A failed write is
 * thrown by the next call, as Erlang's {@code delayed_write} reports it. Used only from the file's
 * server process.
 */
final class WriteBehind {
    /** Threads are kept 60 s after their last write. */
    private static final ExecutorService THREADS =
            Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("weft-file-writer-", 0).factory());

    private static final int BUFFERS = 3;

    private final FileChannel channel;
    /** Flipped buffers to write, the one being written first. Guarded by this, as are the fields below. */
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>(2);
    /** Written buffers, for the server to fill next. */
    private final ArrayDeque<ByteBuffer> spares = new ArrayDeque<>(BUFFERS);
    /** How many buffers there are, the server's own included. */
    private int buffers = 1;
    /** A thread is writing the queue out. */
    private boolean running;
    private IOException failed;

    WriteBehind(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Queues {@code full} (flipped) to be written and returns an empty buffer of its size to fill next.
     * After a failed write it drops {@code full}'s data (clearing it for reuse) and throws the failure.
     */
    synchronized ByteBuffer swap(ByteBuffer full) throws IOException {
        if (failed != null) {
            full.clear();
            check();
        }
        queue.add(full);
        if (!running) {
            running = true;
            THREADS.execute(this::drain);
        }
        if (spares.isEmpty() && buffers < BUFFERS) {
            buffers++;
            return ByteBuffer.allocateDirect(full.capacity());
        }
        while (spares.isEmpty() && failed == null) await();
        check();
        return spares.poll().clear();
    }

    /** Waits until everything queued is in the file and returns an empty buffer of {@code capacity} in place of the server's (empty) one. */
    synchronized ByteBuffer resize(int capacity) throws IOException {
        sync();
        spares.clear();
        buffers = 1;
        return ByteBuffer.allocateDirect(capacity);
    }

    /** Waits until everything queued is in the file. */
    synchronized void sync() throws IOException {
        while (running) await();
        check();
    }

    private void drain() {
        for (;;) {
            ByteBuffer b;
            synchronized (this) {
                b = queue.peek();
                if (b == null) {
                    running = false;
                    notifyAll();
                    return;
                }
            }
            IOException error = null;
            try {
                while (b.hasRemaining()) channel.write(b);
            } catch (IOException e) {
                error = e;
            }
            synchronized (this) {
                queue.poll();
                spares.add(b);
                if (error != null) {
                    failed = error;
                    spares.addAll(queue);   // their data goes with the failure
                    queue.clear();
                }
                notifyAll();
            }
        }
    }

    private void await() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a file write");
        }
    }

    private void check() throws IOException {
        IOException e = failed;
        failed = null;
        if (e != null) throw e;
    }
}
