package dev.weft.cli;

import dev.weft.process.Down;
import dev.weft.process.ExitException;
import dev.weft.process.Kernel;
import dev.weft.process.Spawned;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * The process the shell's snippets run in, and a small keeper process that monitors it: when the
 * shell process dies (an exit signal, a linked crash, even while idle at the prompt) the keeper
 * reports the reason and starts a fresh shell process, as iex does.
 */
final class ShellProcess {
    /** A snippet to run in the shell process, and where its result goes. */
    private record Job(Callable<?> fn, CompletableFuture<Object> done, AtomicBoolean taken) {}

    private static final Atom STOP = Atom.of("stop");
    private final BiConsumer<Pid, Object> onDeath;
    private final CompletableFuture<Pid> first = new CompletableFuture<>();
    private final Pid keeper;
    private volatile Pid pid;

    ShellProcess(BiConsumer<Pid, Object> onDeath) {
        this.onDeath = onDeath;
        this.keeper = Kernel.spawn(this::keep);
        this.pid = first.join();
    }

    Pid pid() {
        return pid;
    }

    private void keep() {
        Spawned shell = Kernel.spawnMonitor(ShellProcess::serve);
        pid = shell.pid();
        first.complete(shell.pid());
        for (;;) {
            Spawned current = shell;
            Object msg = Kernel.receive(m -> m == STOP || m instanceof Down d && d.ref().equals(current.ref()) ? m : Kernel.NO_MATCH);
            if (msg == STOP) {
                Kernel.exit(current.pid(), Atom.KILL);
                return;
            }
            shell = Kernel.spawnMonitor(ShellProcess::serve);
            pid = shell.pid();
            onDeath.accept(current.pid(), ((Down) msg).reason());
        }
    }

    private static void serve() {
        for (;;) {
            Job job = Kernel.receive(m -> m instanceof Job j ? j : Kernel.NO_MATCH);
            job.taken().set(true);
            try {
                job.done().complete(job.fn().call());
            } catch (Throwable t) {
                job.done().completeExceptionally(t);
            }
        }
    }

    /**
     * Runs {@code fn} in the shell process and returns its result. A job the shell process died
     * before taking runs in its successor; one it died running fails with the exit reason.
     */
    Object run(Callable<?> fn) throws Exception {
        for (;;) {
            Pid target = pid;
            Job job = new Job(fn, new CompletableFuture<>(), new AtomicBoolean());
            Kernel.send(target, job);
            try {
                return waitFor(job, target);
            } catch (TimeoutException lostBeforeTaken) {
                // resend to the new shell process
            }
        }
    }

    private Object waitFor(Job job, Pid target) throws Exception {
        for (;;) {
            try {
                return job.done().get(50, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception ex) throw ex;
                throw e;
            } catch (TimeoutException e) {
                if (!Kernel.alive(target) && !job.done().isDone()) {
                    if (!job.taken().get()) throw e;
                    throw new ExitException(Atom.of("shell_process_exited"));
                }
            }
        }
    }

    void stop() {
        Kernel.send(keeper, STOP);
    }
}
