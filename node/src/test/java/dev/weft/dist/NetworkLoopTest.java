package dev.weft.dist;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.process.Kernel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NetworkLoopTest {
    private final NetworkLoop loop = new NetworkLoop(Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
    }

    @Test
    void aTaskFromAThreadThatIsNotAProcessRunsOnTheLoop() {
        CompletableFuture<Boolean> inLoop = new CompletableFuture<>();
        loop.execute(() -> inLoop.complete(loop.inEventLoop()));
        assertTrue(inLoop.orTimeout(5, TimeUnit.SECONDS).join());
        assertFalse(loop.inEventLoop(), "the caller is not the loop");
    }

    @Test
    void aTaskQueuedByAProcessRunsOnceTheProcessWaits() {
        CompletableFuture<Boolean> inLoop = new CompletableFuture<>();
        Kernel.spawn(() -> {
            loop.execute(() -> inLoop.complete(loop.inEventLoop()));
            Kernel.receive(m -> m);
        });
        assertTrue(inLoop.orTimeout(5, TimeUnit.SECONDS).join());
    }

    @Test
    void aScheduledTaskRunsWhenDue() {
        CompletableFuture<Long> ranAt = new CompletableFuture<>();
        long start = System.nanoTime();
        loop.schedule(() -> ranAt.complete(System.nanoTime()), 30, TimeUnit.MILLISECONDS);
        assertTrue(ranAt.orTimeout(5, TimeUnit.SECONDS).join() - start >= TimeUnit.MILLISECONDS.toNanos(30));
    }

    @Test
    void aWaitingPollWaitsItsTimeWhileATaskIsScheduledLater() {
        // Netty keeps scheduled deadlines in its own ticker's time: read as System.nanoTime()'s, any
        // scheduled task looked overdue and made every waiting poll return at once (a busy loop)
        loop.schedule(() -> { }, 1, TimeUnit.HOURS);
        while (!loop.poll(-1)) Thread.onSpinWait();   // runs the task that files the scheduled one (or a scheduler has)
        long wait = TimeUnit.MILLISECONDS.toNanos(100);
        long start;
        do {
            start = System.nanoTime();
        } while (!loop.poll(wait));   // a scheduler may hold the loop for a moment
        assertTrue(System.nanoTime() - start >= wait, "the poll returned before its time");
    }

    @Test
    void theLoopRunsWhileEverySchedulerRunsAProcessThatNeverWaits() {
        AtomicBoolean release = new AtomicBoolean();
        AtomicBoolean ran = new AtomicBoolean();
        int schedulers = Runtime.getRuntime().availableProcessors();
        try {
            AtomicInteger spinning = new AtomicInteger();
            for (int i = 0; i < schedulers; i++) {
                Kernel.spawn(() -> {
                    spinning.incrementAndGet();
                    while (spinning.get() < schedulers) Thread.onSpinWait();
                    if (!ran.get()) loop.execute(() -> ran.set(true));
                    while (!release.get()) Thread.onSpinWait();
                });
            }
            await().atMost(Duration.ofSeconds(5)).untilTrue(ran);   // while every scheduler still spins
        } finally {
            release.set(true);
        }
    }

    @Test
    void aStoppedLoopRefusesTasks() {
        assertTrue(loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5_000));
        assertTrue(loop.isTerminated());
        assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> { }));
    }
}
