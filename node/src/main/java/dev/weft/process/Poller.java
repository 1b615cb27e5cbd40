package dev.weft.process;

/**
 * Internal: IO that the node's schedulers drive between processes, as the BEAM's schedulers poll
 * their ports: the distribution's sockets ({@code dev.weft.dist.NetworkLoop}). A scheduler polls it
 * after a process that queued work for it ({@link #pending}), while it looks for work, and in place of
 * parking (one scheduler at a time), so a frame is written by the scheduler whose process sent it and
 * a process woken by a frame runs where the frame was read, with no thread woken in between.
 * Plugged in with {@link Inbound#drive}. Not for application code.
 *
 * <pre>{@code
 * if (poller.pending()) poller.poll(-1);   // a scheduler between two processes
 * }</pre>
 */
public interface Poller {
    /**
     * Runs ready IO and queued tasks, first waiting up to {@code waitNanos} for some if that is not
     * negative; false at once if another thread is polling.
     */
    boolean poll(long waitNanos);

    /** Whether tasks are queued for the next poll (cheap: called between processes). */
    boolean pending();

    /** Ends a waiting {@link #poll} early, or the next one if none waits yet; from any thread. */
    void wakeup();
}
